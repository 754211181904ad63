import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { placeHold } from '../../shared/services/holds.ts';

export const handler = staffHandler('PlaceHold', async ({ params, body, actor }) => ({ body: await placeHold(params.complaintId, body, actor) }));
