import type { DeliveryEntry, TimelineEntry } from '../../shared/api/responses.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { getCapa } from '../../shared/store/capa.ts';
import { getComplaintRecord, listComplaintLog } from '../../shared/store/complaints.ts';

/**
 * The CAPA and the first page of each log come with the complaint; the rest through the log's own route. The
 * record read proves the complaint exists (404 otherwise), so the log pages do not read it again.
 */
const FIRST_PAGE = 100;

export const handler = staffHandler('GetComplaint', async ({ params }) => {
  const [{ complaint, tasks, attachments }, capa, timeline, deliveries] = await Promise.all([
    getComplaintRecord(params.complaintId),
    getCapa(params.complaintId),
    listComplaintLog(params.complaintId, 'timeline', { limit: FIRST_PAGE }, false),
    listComplaintLog(params.complaintId, 'deliveries', { limit: FIRST_PAGE }, false),
  ]);
  // Task tokens are the workflow's business, not the API's.
  const { stepTokens: _tokens, ...visible } = complaint;
  return {
    body: {
      complaint: visible,
      tasks: tasks.map(({ stepToken: _t, ...t }) => t),
      attachments,
      capa,
      // The store returns log items untyped; they are written by eventPut and deliverOnce.
      timeline: timeline.items as TimelineEntry[],
      timelineNext: timeline.next,
      deliveries: deliveries.items as DeliveryEntry[],
      deliveriesNext: deliveries.next,
    },
  };
});
