import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { releaseHold } from '../../shared/services/holds.ts';

export const handler = staffHandler('ReleaseHold', async ({ params, body, actor }) => ({ body: await releaseHold(params.complaintId, body, actor) }));
