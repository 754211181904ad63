import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { currentCall } from '../../shared/services/phone-calls.ts';

export const handler = staffHandler('GetCurrentCall', async ({ actor }) => ({ body: await currentCall(actor) }));
