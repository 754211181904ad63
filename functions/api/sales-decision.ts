import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { decideOnResponse } from '../../shared/services/sales.ts';

export const handler = staffHandler('SalesDecision', async ({ params, body, actor }) => {
  const taken = await decideOnResponse(params.complaintId, body, actor);
  // decideOnResponse types its decision as string; it is CONFIRMED or REJECTED.
  return { body: { ...taken, decision: taken.decision as 'CONFIRMED' | 'REJECTED' } };
});
