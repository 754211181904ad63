import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateGroupCommand, CreateUserPoolClientCommand,
  CreateUserPoolCommand, DescribeUserPoolClientCommand, DescribeUserPoolCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ensurePortFree, freePort } from './dynamodb-local.ts';
import type { CfnTemplate } from './synth.ts';

/**
 * The staff's identity provider on loopback: cognito-local, which speaks the Cognito API (the
 * import's account sync uses the real SDK client against it) and issues RS256 ID tokens with
 * `cognito:groups` and the custom person-id claim, verifiable against its JWKS like Cognito's.
 * The user pool, its groups and its clients are created from the synthesized template.
 *
 * Local-only differences, all on the side of convenience: the signing key is a fixed key shipped
 * in the package (never trust these tokens outside a laptop), a disabled user can still obtain a
 * token (the API refuses the inactive person anyway), and MFA and threat protection are not run.
 */
export const LOCAL_PASSWORD = process.env.LOCAL_PASSWORD || 'Local-Desk-Passw0rd!';

export interface IdentityEndpoint {
  endpoint: string;
  process?: ChildProcess;
  /** Removes the provider's files when it ran without a data directory. */
  cleanup(): void;
}

/** Start cognito-local; its pools live in `dataDir` (kept across restarts) or a temporary directory. */
export async function startCognitoLocal(options: { port?: number; dataDir?: string }): Promise<IdentityEndpoint> {
  if (options.port) await ensurePortFree(options.port, 'the identity provider', 'LOCAL_IDENTITY_PORT');
  const port = options.port || await freePort();
  const dir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'complaint-cognito-'));
  const endpoint = `http://127.0.0.1:${port}`;
  mkdirSync(path.join(dir, '.cognito'), { recursive: true });
  // Usernames are person ids (the pool has no email/phone username attributes, as in infra/).
  writeFileSync(path.join(dir, '.cognito', 'config.json'), JSON.stringify({
    UserPoolDefaults: { UsernameAttributes: [] },
    TokenConfig: { IssuerDomain: endpoint },
  }, null, 2));
  const bin = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
  const child = spawn(process.execPath, ['--no-deprecation', bin], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => { output = (output + d.toString()).slice(-4000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`cognito-local exited at start:\n${output}`);
    const up = await fetch(`${endpoint}/health`).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`cognito-local did not answer on ${endpoint} within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    process: child,
    cleanup: () => { if (!options.dataDir) rmSync(dir, { recursive: true, force: true }); },
  };
}

export function identityClient(endpoint: string) {
  return new CognitoIdentityProviderClient({
    endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Physical ids of the template's Cognito resources in the local provider, by logical id. */
export type IdentityIds = Map<string, string>;

/**
 * Create the template's user pools, groups and clients in the local provider, or find the ones
 * created at an earlier start (`stateFile`), so users and their passwords survive restarts.
 */
export async function provisionIdentity(endpoint: string, templates: Record<string, CfnTemplate>, stateFile?: string): Promise<IdentityIds> {
  const cognito = identityClient(endpoint);
  const resources = Object.values(templates).flatMap((t) => Object.entries(t.Resources));
  const saved: Record<string, string> = stateFile && existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
  const ids: IdentityIds = new Map();
  const poolOf = (ref: unknown) => ids.get(String((ref as { Ref?: string })?.Ref));

  for (const [logicalId, pool] of resources.filter(([, r]) => r.Type === 'AWS::Cognito::UserPool')) {
    const known = saved[logicalId];
    const exists = known && await cognito.send(new DescribeUserPoolCommand({ UserPoolId: known })).then(() => true, () => false);
    if (exists) { ids.set(logicalId, known); continue; }
    const p = pool.Properties ?? {};
    const created = await cognito.send(new CreateUserPoolCommand({
      PoolName: logicalId,
      Schema: p.Schema,
      Policies: p.Policies,
      MfaConfiguration: p.MfaConfiguration,
      AdminCreateUserConfig: p.AdminCreateUserConfig,
    }));
    ids.set(logicalId, created.UserPool!.Id!);
  }
  for (const [logicalId, group] of resources.filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolGroup')) {
    const poolId = poolOf(group.Properties?.UserPoolId);
    if (!poolId) continue;
    await cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: group.Properties!.GroupName, Description: group.Properties!.Description }))
      .catch((error: Error) => { if (error.name !== 'GroupExistsException') throw error; });
    ids.set(logicalId, group.Properties!.GroupName);
  }
  for (const [logicalId, client] of resources.filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolClient')) {
    const poolId = poolOf(client.Properties?.UserPoolId);
    if (!poolId) continue;
    const known = saved[logicalId];
    const exists = known && await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: known })).then(() => true, () => false);
    if (exists) { ids.set(logicalId, known); continue; }
    const c = client.Properties!;
    const created = await cognito.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: logicalId, ExplicitAuthFlows: c.ExplicitAuthFlows,
      IdTokenValidity: c.IdTokenValidity, AccessTokenValidity: c.AccessTokenValidity, RefreshTokenValidity: c.RefreshTokenValidity,
      TokenValidityUnits: c.TokenValidityUnits, ReadAttributes: c.ReadAttributes, WriteAttributes: c.WriteAttributes,
    }));
    ids.set(logicalId, created.UserPoolClient!.ClientId!);
  }
  if (stateFile) writeFileSync(stateFile, JSON.stringify(Object.fromEntries(ids), null, 2));
  return ids;
}

/** Give people the documented local password, so they can sign in without an invitation. */
export async function setLocalPasswords(endpoint: string, userPoolId: string, personIds: readonly string[], password = LOCAL_PASSWORD) {
  const cognito = identityClient(endpoint);
  for (const Username of personIds) {
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username, Password: password, Permanent: true }));
  }
}

/** What a client needs to sign people in: the provider, the pool and the console's client. */
export interface SignInTarget {
  /** The local provider's URL; omit for Cognito in AWS (then `region` is used). */
  endpoint?: string;
  region?: string;
  clientId: string;
}

/**
 * Sign a person in the way the console does (InitiateAuth, USER_PASSWORD_AUTH) and return the
 * ID token that the API's authorizer accepts.
 */
export async function signIn(target: SignInTarget, username: string, password = LOCAL_PASSWORD): Promise<string> {
  const cognito = target.endpoint
    ? identityClient(target.endpoint)
    : new CognitoIdentityProviderClient({ region: target.region });
  const out = await cognito.send(new InitiateAuthCommand({
    ClientId: target.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password },
  }));
  const token = out.AuthenticationResult?.IdToken;
  if (!token) throw new Error(`${username} could not sign in: the provider asks for ${out.ChallengeName ?? 'something else'} (use the console for that)`);
  return token;
}
