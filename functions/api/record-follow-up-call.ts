import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { recordFollowUpCall } from '../../shared/services/follow-up.ts';

export const handler = staffHandler('RecordFollowUpCall', async ({ params, body, actor }) => ({ body: await recordFollowUpCall(params.complaintId, body, actor) }));
