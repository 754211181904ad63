import { contract } from '../../shared/api/contract.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { getComplaintRecord } from '../../shared/store/complaints.ts';
import { STAFF_ROLES, requireActor } from '../../shared/services/people.ts';

export const handler = httpHandler(contract.GetComplaint, async ({ params, actorId }) => {
  await requireActor(actorId, STAFF_ROLES);
  const { complaint, tasks, timeline, deliveries, attachments } = await getComplaintRecord(params.complaintId);
  // Task tokens are the workflow's business, not the API's.
  const { stepTokens: _tokens, ...visible } = complaint;
  return { body: { complaint: visible, tasks: tasks.map(({ stepToken: _t, ...t }) => t), timeline, deliveries, attachments } };
});
