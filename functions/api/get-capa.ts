import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { readCapa } from '../../shared/services/capa.ts';

export const handler = staffHandler('GetCapa', async ({ params }) => ({ body: await readCapa(params.complaintId) }));
