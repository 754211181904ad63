import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { reviseResponse } from '../../shared/services/sales.ts';

export const handler = staffHandler('ReviseResponse', async ({ params, body, actor }) => ({
  body: await reviseResponse(params.complaintId, body.text, actor),
}));
