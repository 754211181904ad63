import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { awaitingConfirmation } from '../../shared/services/queues.ts';

export const handler = staffHandler('ListAwaitingConfirmation', async ({ actor, query }) => ({ body: await awaitingConfirmation(actor, query, new Date()) }));
