import { contract } from '../../shared/api/contract.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { decideOnResponse } from '../../shared/services/sales.ts';

export const handler = httpHandler(contract.SalesDecision, async ({ params, body, actorId }) => ({
  body: await decideOnResponse(params.complaintId, body, actorId),
}));
