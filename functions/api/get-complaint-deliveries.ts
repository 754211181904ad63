import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { listComplaintLog } from '../../shared/store/complaints.ts';

export const handler = staffHandler('GetComplaintDeliveries', async ({ params, query }) => ({
  body: await listComplaintLog(params.complaintId, 'deliveries', query),
}));
