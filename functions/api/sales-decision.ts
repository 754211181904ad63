import { z } from 'zod';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { SalesDecision, decideOnResponse } from '../../shared/services/sales.ts';

export const handler = httpHandler(
  { params: z.object({ complaintId: z.string().min(1).max(64) }), body: SalesDecision },
  async ({ params, body, actorId }) => ({ body: await decideOnResponse(params.complaintId, body, actorId) }),
);
