import { z } from 'zod';
import { loadCompanyPolicy } from '../../shared/config.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { lookupCaller } from '../../shared/services/intake.ts';

const policy = loadCompanyPolicy();

export const handler = httpHandler(
  { params: z.object({ phone: z.string().min(3).max(32) }) },
  async ({ params }) => ({ body: await lookupCaller(decodeURIComponent(params.phone), policy) }),
);
