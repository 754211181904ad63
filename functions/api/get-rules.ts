import { contract } from '../../shared/api/contract.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { readRules } from '../../shared/services/rules.ts';

export const handler = httpHandler(contract.GetRules, async ({ actorId }) => ({ body: await readRules(actorId) }));
