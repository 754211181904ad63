import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCAL_PASSWORD, signIn, type SignInTarget } from './identity.ts';
import { repoRoot } from './synth.ts';

/**
 * How a command-line tool (demo, import) signs in the person it acts as. Against the local cloud
 * it finds the provider and the console's client in `<data dir>/identity.json`, which `npm start`
 * writes; against AWS it takes `--client-id` and `--region` (the data stack's ConsoleClientId
 * output) and the person's password from $COMPLAINT_PASSWORD.
 */
export function signInTarget(flags: { clientId?: string; region?: string; identityEndpoint?: string }): SignInTarget {
  if (flags.clientId) return { clientId: flags.clientId, region: flags.region, endpoint: flags.identityEndpoint };
  const file = path.join(path.resolve(process.env.LOCAL_DATA_DIR ?? path.join(repoRoot, '.local')), 'identity.json');
  if (!existsSync(file)) {
    throw new Error(`no local identity provider is known (${path.relative(process.cwd(), file)} is missing): start the system with \`npm start\`, or pass --client-id and --region for AWS`);
  }
  const local = JSON.parse(readFileSync(file, 'utf8')) as { endpoint: string; clientId: string };
  return { endpoint: local.endpoint, clientId: local.clientId };
}

/** Sign in as `personId`; the password is $COMPLAINT_PASSWORD, else the documented local one. */
export function signInAs(target: SignInTarget, personId: string): Promise<string> {
  return signIn(target, personId, process.env.COMPLAINT_PASSWORD || LOCAL_PASSWORD);
}
