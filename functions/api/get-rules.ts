import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { readRules } from '../../shared/services/rules.ts';

export const handler = staffHandler('GetRules', async () => ({ body: await readRules() }));
