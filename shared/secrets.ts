import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const client = new SecretsManagerClient({});
const cache = new Map<string, { value: Promise<string>; at: number }>();

/**
 * A secret's value, kept by the container for at most `maxAgeMs` (5 minutes by default) so that a
 * rotated or revoked key reaches every warm container within that time. `refresh` reads it again
 * now (e.g. a token names a key this container does not know yet).
 */
export function secretValue(secretId: string, options: { maxAgeMs?: number; refresh?: boolean } = {}): Promise<string> {
  const cached = cache.get(secretId);
  if (cached && !options.refresh && Date.now() - cached.at < (options.maxAgeMs ?? 300_000)) return cached.value;
  const value = client.send(new GetSecretValueCommand({ SecretId: secretId })).then((out) => {
    if (!out.SecretString) throw new Error(`secret ${secretId} has no string value`);
    return out.SecretString;
  });
  value.catch(() => cache.delete(secretId));
  cache.set(secretId, { value, at: Date.now() });
  return value;
}
