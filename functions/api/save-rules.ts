import { contract } from '../../shared/api/contract.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { replaceRules } from '../../shared/services/rules.ts';

export const handler = httpHandler(contract.SaveRules, async ({ body, actorId }) => ({ body: await replaceRules(body, actorId) }));
