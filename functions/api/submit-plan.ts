import { z } from 'zod';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { HandlingPlan, submitPlan } from '../../shared/services/plan.ts';

export const handler = httpHandler(
  { params: z.object({ complaintId: z.string().min(1).max(64) }), body: HandlingPlan },
  async ({ params, body, actorId }) => ({ status: 201, body: await submitPlan(params.complaintId, body, actorId) }),
);
