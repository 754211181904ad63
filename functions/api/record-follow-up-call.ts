import { loadConfig, messagingConfig } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { recordFollowUpCall } from '../../shared/services/follow-up.ts';

const { SENDER_EMAIL } = loadConfig(messagingConfig);

export const handler = staffHandler('RecordFollowUpCall', async ({ params, body, actor }) => ({
  body: await recordFollowUpCall(params.complaintId, body, actor, SENDER_EMAIL),
}));
