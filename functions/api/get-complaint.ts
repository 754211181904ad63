import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { getComplaintRecord } from '../../shared/store/complaints.ts';

export const handler = staffHandler('GetComplaint', async ({ params }) => {
  const { complaint, tasks, timeline, deliveries, attachments } = await getComplaintRecord(params.complaintId);
  // Task tokens are the workflow's business, not the API's.
  const { stepTokens: _tokens, ...visible } = complaint;
  return { body: { complaint: visible, tasks: tasks.map(({ stepToken: _t, ...t }) => t), timeline, deliveries, attachments } };
});
