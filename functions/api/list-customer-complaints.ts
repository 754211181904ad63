import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { customerComplaints } from '../../shared/services/queues.ts';

export const handler = staffHandler('ListCustomerComplaints', async ({ actor, params, query }) => ({
  body: await customerComplaints(actor, params.customerCode, query, new Date()),
}));
