import type { CompanyPolicy } from '../domain/company-policy.ts';

/**
 * What the web console reads from /config.json at start: where the API and the staff user pool
 * are, and the company's intake rules its forms enforce before a request is sent (the API checks
 * them again). Written by CDK in AWS and by the local cloud on a laptop; nothing secret.
 */
export interface ConsoleConfig {
  /** The HTTP API's base URL: /api on the console's own origin. */
  apiUrl: string;
  identity: { endpoint: string; clientId: string };
  intake: Pick<CompanyPolicy, 'requiredFields' | 'descriptionMinLength'>;
}

export function consoleConfigFor(identity: ConsoleConfig['identity'], policy: Pick<CompanyPolicy, 'requiredFields' | 'descriptionMinLength'>): ConsoleConfig {
  return { apiUrl: '/api', identity, intake: { requiredFields: policy.requiredFields, descriptionMinLength: policy.descriptionMinLength } };
}

/**
 * The console's Content-Security-Policy, the same in AWS (CloudFront) and locally: its own
 * origin, plus the identity provider and the evidence bucket (uploads go to signed S3 links).
 */
export function consoleContentSecurityPolicy(connectTo: readonly string[]): string {
  return [
    "default-src 'self'", `connect-src 'self' ${connectTo.join(' ')}`, "img-src 'self' data: blob:",
    "style-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'",
  ].join('; ');
}
