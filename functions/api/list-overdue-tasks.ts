import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { overdueTasks } from '../../shared/services/queues.ts';

export const handler = staffHandler('ListOverdueTasks', async ({ actor, query }) => ({ body: await overdueTasks(actor, query, new Date()) }));
