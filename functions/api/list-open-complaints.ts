import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { openComplaints } from '../../shared/services/queues.ts';

export const handler = staffHandler('ListOpenComplaints', async ({ actor, query }) => ({ body: await openComplaints(actor, query, new Date()) }));
