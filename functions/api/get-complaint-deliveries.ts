import { staffHandler } from '../../shared/lambda/http-handler.ts';
import type { DeliveryEntry } from '../../shared/api/responses.ts';
import { listComplaintLog } from '../../shared/store/complaints.ts';

export const handler = staffHandler('GetComplaintDeliveries', async ({ params, query }) => {
  const { items, next } = await listComplaintLog(params.complaintId, 'deliveries', query);
  // The store returns log items untyped; delivery entries are written by deliverOnce.
  return { body: { items: items as DeliveryEntry[], next } };
});
