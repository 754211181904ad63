import { staffHandler } from '../../shared/lambda/http-handler.ts';
import type { TimelineEntry } from '../../shared/api/responses.ts';
import { listComplaintLog } from '../../shared/store/complaints.ts';

export const handler = staffHandler('GetComplaintTimeline', async ({ params, query }) => {
  const { items, next } = await listComplaintLog(params.complaintId, 'timeline', query);
  // The store returns log items untyped; timeline entries are written by eventPut.
  return { body: { items: items as TimelineEntry[], next } };
});
