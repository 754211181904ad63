import { z } from 'zod';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { ResponseRevision, reviseResponse } from '../../shared/services/sales.ts';

export const handler = httpHandler(
  { params: z.object({ complaintId: z.string().min(1).max(64) }), body: ResponseRevision },
  async ({ params, body, actorId }) => ({ body: await reviseResponse(params.complaintId, body.text, actorId) }),
);
