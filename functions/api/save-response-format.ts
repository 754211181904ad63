import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { chooseResponseFormat } from '../../shared/services/response-formats.ts';

export const handler = staffHandler('SaveResponseFormat', async ({ params, body, actor }) => ({
  body: await chooseResponseFormat(params.customerCode, body, actor),
}));
