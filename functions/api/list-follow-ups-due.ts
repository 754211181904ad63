import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { followUpsDue } from '../../shared/services/queues.ts';

export const handler = staffHandler('ListFollowUpsDue', async ({ actor, query }) => ({ body: await followUpsDue(actor, query, new Date()) }));
