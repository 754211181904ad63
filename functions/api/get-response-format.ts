import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { readResponseFormat } from '../../shared/services/response-formats.ts';

export const handler = staffHandler('GetResponseFormat', async ({ params }) => ({ body: await readResponseFormat(params.customerCode) }));
