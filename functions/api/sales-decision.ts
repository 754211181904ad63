import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { decideOnResponse } from '../../shared/services/sales.ts';

export const handler = staffHandler('SalesDecision', async ({ params, body, actor }) => {
  const taken = await decideOnResponse(params.complaintId, body, actor);
  return { body: taken };
});
