import { contract } from '../../shared/api/contract.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { changeClassification } from '../../shared/services/classify.ts';
import { loadConfig, messagingConfig } from '../../shared/config.ts';

const { SENDER_EMAIL } = loadConfig(messagingConfig);

export const handler = httpHandler(contract.ChangeClassification, async ({ params, body, actorId }) => ({
  body: await changeClassification(params.complaintId, body, actorId, SENDER_EMAIL),
}));
