import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { slaRisk } from '../../shared/services/queues.ts';

export const handler = staffHandler('ListSlaRisk', async ({ actor, query }) => ({ body: await slaRisk(actor, query, new Date()) }));
