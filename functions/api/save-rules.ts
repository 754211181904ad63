import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { replaceRules } from '../../shared/services/rules.ts';

export const handler = staffHandler('SaveRules', async ({ body, actor }) => ({ body: await replaceRules(body, actor) }));
