import { loadCompanyPolicy } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { lookupCaller } from '../../shared/services/intake.ts';

const policy = loadCompanyPolicy();

export const handler = staffHandler('LookupCaller', async ({ params }) => ({
  // API Gateway hands the path parameter over decoded already; decoding again would turn a
  // number written "%25…" into a malformed escape.
  body: await lookupCaller(params.phone, policy),
}));
