import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { submitPlan } from '../../shared/services/plan.ts';

export const handler = staffHandler('SubmitPlan', async ({ params, body, actor }) => ({
  status: 201,
  body: await submitPlan(params.complaintId, body, actor),
}));
