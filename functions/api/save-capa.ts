import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { recordCapa } from '../../shared/services/capa.ts';

export const handler = staffHandler('SaveCapa', async ({ params, body, actor }) => ({ body: await recordCapa(params.complaintId, body, actor) }));
