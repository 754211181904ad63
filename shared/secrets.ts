import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const client = new SecretsManagerClient({});
const cache = new Map<string, Promise<string>>();

/** A secret's value, fetched once per container (on first use) and kept for its lifetime. */
export function secretValue(secretId: string): Promise<string> {
  let value = cache.get(secretId);
  if (!value) {
    value = client.send(new GetSecretValueCommand({ SecretId: secretId })).then((out) => {
      if (!out.SecretString) throw new Error(`secret ${secretId} has no string value`);
      return out.SecretString;
    });
    value.catch(() => cache.delete(secretId));
    cache.set(secretId, value);
  }
  return value;
}
