import { z } from 'zod';
import { loadCompanyPolicy, loadConfig } from '../../shared/config.ts';
import { signedRequestHandler } from '../../shared/lambda/http-handler.ts';
import { secretValue } from '../../shared/secrets.ts';
import { authenticatePhoneSystem, receiveCallEvent } from '../../shared/services/phone-calls.ts';

const { PHONE_WEBHOOK_SECRET_ARN } = loadConfig({ PHONE_WEBHOOK_SECRET_ARN: z.string().min(1) });
const policy = loadCompanyPolicy();

export const handler = signedRequestHandler(
  'PhoneCallEvent',
  async (rawBody, headers) => authenticatePhoneSystem(await secretValue(PHONE_WEBHOOK_SECRET_ARN), rawBody, headers),
  async ({ body }) => ({ body: await receiveCallEvent(body, policy) }),
);
