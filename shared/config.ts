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

/** Signed action links: the key ring's secret and the page that opens links. */
export const actionLinkConfig = { ACTION_LINK_KEYS_SECRET_ARN: z.string().min(1), ACTION_LINK_PAGE_URL: z.url() };
export const toActionLinkConfig = (c: { ACTION_LINK_KEYS_SECRET_ARN: string; ACTION_LINK_PAGE_URL: string }) =>
  ({ keysSecretId: c.ACTION_LINK_KEYS_SECRET_ARN, pageUrl: c.ACTION_LINK_PAGE_URL });

export const attachmentsConfig = { ATTACHMENTS_BUCKET: z.string().min(3) };
