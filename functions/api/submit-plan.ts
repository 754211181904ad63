import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { submitPlan } from '../../shared/services/plan.ts';

export const handler = staffHandler('SubmitPlan', async ({ params, body, actor }) => {
  const { complaintId, tasks } = await submitPlan(params.complaintId, body, actor);
  // Task tokens are the workflow's business (none is parked yet, but the type allows one).
  return { status: 201, body: { complaintId, tasks: tasks.map(({ stepToken: _t, ...task }) => task) } };
});
