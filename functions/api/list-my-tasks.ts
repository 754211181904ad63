import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { myTasks } from '../../shared/services/queues.ts';

export const handler = staffHandler('ListMyTasks', async ({ actor, query }) => ({ body: await myTasks(actor, query, new Date()) }));
