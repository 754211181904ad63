import { contract } from '../../shared/api/contract.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { reviseResponse } from '../../shared/services/sales.ts';

export const handler = httpHandler(contract.ReviseResponse, async ({ params, body, actorId }) => ({
  body: await reviseResponse(params.complaintId, body.text, actorId),
}));
