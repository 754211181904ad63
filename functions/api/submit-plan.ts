import { contract } from '../../shared/api/contract.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { submitPlan } from '../../shared/services/plan.ts';

export const handler = httpHandler(contract.SubmitPlan, async ({ params, body, actorId }) => ({
  status: 201,
  body: await submitPlan(params.complaintId, body, actorId),
}));
