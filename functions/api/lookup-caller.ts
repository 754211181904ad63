import { loadCompanyPolicy } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { lookupCaller } from '../../shared/services/intake.ts';

const policy = loadCompanyPolicy();

export const handler = staffHandler('LookupCaller', async ({ params }) => ({
  body: await lookupCaller(decodeURIComponent(params.phone), policy),
}));
