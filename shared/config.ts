import { z } from 'zod';
import { parseCompanyPolicy } from './domain/company-policy.ts';

/**
 * Read a handler's configuration from its environment once, at module load, and fail the cold
 * start with a clear message rather than the first request with an undefined name.
 */
export function loadConfig<S extends z.ZodRawShape>(shape: S): z.infer<z.ZodObject<S>> {
  const parsed = z.object(shape).safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}

export const tableConfig = { TABLE_NAME: z.string().min(1) };
export const messagingConfig = { SENDER_EMAIL: z.email() };
export const workflowConfig = { STATE_MACHINE_ARN: z.string().startsWith('arn:') };

/** The company policy from COMPANY_POLICY (JSON), validated; defaults when unset. */
export function loadCompanyPolicy() {
  const raw = process.env.COMPANY_POLICY;
  let json: unknown;
  try {
    json = raw ? JSON.parse(raw) : {};
  } catch {
    throw new Error('invalid configuration: COMPANY_POLICY is not JSON');
  }
  return parseCompanyPolicy(json);
}

export const attachmentsConfig = { ATTACHMENTS_BUCKET: z.string().min(3) };
