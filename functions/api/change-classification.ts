import { loadConfig, messagingConfig } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { changeClassification } from '../../shared/services/classify.ts';

const { SENDER_EMAIL } = loadConfig(messagingConfig);

export const handler = staffHandler('ChangeClassification', async ({ params, body, actor }) => {
  // Task tokens are the workflow's business, not the API's (as in GET /complaints/{id}).
  const { stepTokens: _tokens, ...complaint } = await changeClassification(params.complaintId, body, actor, SENDER_EMAIL);
  return { body: complaint };
});
