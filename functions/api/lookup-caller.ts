import { contract } from '../../shared/api/contract.ts';
import { loadCompanyPolicy } from '../../shared/config.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { lookupCaller } from '../../shared/services/intake.ts';

const policy = loadCompanyPolicy();

export const handler = httpHandler(contract.LookupCaller, async ({ params, actorId }) => ({
  body: await lookupCaller(decodeURIComponent(params.phone), policy, actorId),
}));
