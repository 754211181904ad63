import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { AdminGetUserCommand, AdminListGroupsForUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { importJWK, SignJWT, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityClient, setLocalPasswords, LOCAL_PASSWORD } from '../../infra/local/identity.ts';
import { laptopComplaint, startTestCloud } from '../support/test-cloud.ts';

/**
 * Real tokens from the local identity provider against the local HTTP API, which verifies them
 * as API Gateway's JWT authorizer does. Forged tokens are signed with the provider's own key (it
 * ships in the package), so each one fails for exactly the reason the test names.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let issuer = '';

beforeAll(async () => {
  cloud = await startTestCloud();
  issuer = `${cloud.endpoints.identity}/${cloud.identity.userPoolId}`;
});
afterAll(async () => { await cloud?.stop(); });

const providerKey = async () => {
  const file = createRequire(import.meta.url).resolve('cognito-local/lib/keys/cognitoLocal.private.json');
  return importJWK(JSON.parse(readFileSync(file, 'utf8')).jwk, 'RS256');
};

/** An ID token as the provider would issue it, with any field overridden. */
async function forge(overrides: { iss?: string; aud?: string; exp?: number; iat?: number; kid?: string | null; claims?: Record<string, unknown> } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ token_use: 'id', 'custom:personId': 'agent.wang', 'cognito:username': 'agent.wang', ...overrides.claims })
    .setProtectedHeader(overrides.kid === null ? { alg: 'RS256' } : { alg: 'RS256', kid: overrides.kid ?? 'CognitoLocal' })
    .setIssuer(overrides.iss ?? issuer)
    .setAudience(overrides.aud ?? cloud.identity.clientId)
    .setIssuedAt(overrides.iat ?? now - 60)
    .setExpirationTime(overrides.exp ?? now + 600)
    .sign(await providerKey());
}

const createWith = (headers: Record<string, string>) =>
  cloud.api('POST', '/complaints', { headers, body: { ...laptopComplaint, documentNumber: 'DN-2026-0815' } });
async function complaintCount() {
  const { body } = await cloud.api('GET', '/callers/+8613800138000', { as: 'service.zhao' });
  return (body.customers[0].recentComplaints as unknown[]).length;
}

describe('sign-in at the API', () => {
  it('accepts a forged-looking but correct token: the test key really is the provider key', async () => {
    const res = await cloud.api('GET', '/config/rules', { headers: { authorization: `Bearer ${await forge({ claims: { 'custom:personId': 'gm.chen' } })}` } });
    expect(res.status).toBe(200);
  });

  it('answers 401 and writes nothing for a missing, expired, altered, foreign-issuer or foreign-client token, or a bare header', async () => {
    const before = await complaintCount();
    const real = await cloud.signIn('agent.wang');
    const [header, , signature] = real.split('.');
    const altered = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(real), 'custom:personId': 'service.zhao' })).toString('base64url')}.${signature}`;
    const attempts: Record<string, Record<string, string>> = {
      missing: {},
      'person header only': { 'x-person-id': 'agent.wang' },
      expired: { authorization: `Bearer ${await forge({ exp: Math.floor(Date.now() / 1000) - 5 })}` },
      altered: { authorization: `Bearer ${altered}` },
      'foreign issuer': { authorization: `Bearer ${await forge({ iss: `${cloud.endpoints.identity}/local_other` })}` },
      'foreign client': { authorization: `Bearer ${await forge({ aud: 'some-other-client' })}` },
      'not a JWT': { authorization: 'Bearer hello' },
      'no key id': { authorization: `Bearer ${await forge({ kid: null })}` },
      'issued in the future': { authorization: `Bearer ${await forge({ iat: Math.floor(Date.now() / 1000) + 600, exp: Math.floor(Date.now() / 1000) + 1200 })}` },
      'unsigned (alg none)': { authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ 'custom:personId': 'agent.wang', iss: issuer, aud: cloud.identity.clientId, exp: 9999999999 })).toString('base64url')}.` },
    };
    for (const [what, headers] of Object.entries(attempts)) {
      const res = await createWith(headers);
      expect(res.status, what).toBe(401);
    }
    // The same token, unaltered, is good: it was the alteration that was refused.
    expect((await createWith({ authorization: `Bearer ${real}` })).status).toBe(201);
    expect(await complaintCount()).toBe(before + 1);
  });

  it('refuses a valid token that names no person (an access token) and one naming a person not on file', async () => {
    const cognito = identityClient(cloud.endpoints.identity);
    const auth = await cognito.send(new InitiateAuthCommand({
      ClientId: cloud.identity.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'agent.wang', PASSWORD: LOCAL_PASSWORD },
    }));
    const access = await cloud.api('GET', '/config/rules', { headers: { authorization: `Bearer ${auth.AuthenticationResult!.AccessToken}` } });
    expect(access.status).toBe(401);
    expect(access.body.error).toBe('Unauthorized');
    const stranger = await cloud.api('GET', '/config/rules', { headers: { authorization: `Bearer ${await forge({ claims: { 'custom:personId': 'nobody.here' } })}` } });
    expect(stranger.status).toBe(401);
    expect(JSON.stringify(stranger.body)).not.toContain('nobody.here');
  });
});

describe('people and their accounts', () => {
  const importPeople = (content: unknown[]) => cloud.api('POST', '/master-data/people/imports', { as: 'admin.ma', body: { format: 'json', content } });
  const newcomer = { personId: 'agent.new', name: 'New Agent', roles: ['SERVICE_AGENT'], email: 'new.agent@example.com', channels: ['EMAIL'] };

  it('creates the account of an imported person, with the person id claim and a group per role', async () => {
    const res = await importPeople([newcomer]);
    expect(res.status).toBe(200);
    expect(res.body.rows[0]).toMatchObject({ status: 'ACCEPTED', account: 'CREATED' });
    await setLocalPasswords(cloud.endpoints.identity, cloud.identity.userPoolId, ['agent.new']);
    const claims = decodeJwt(await cloud.signIn('agent.new'));
    expect(claims).toMatchObject({ 'custom:personId': 'agent.new', 'cognito:groups': ['SERVICE_AGENT'], aud: cloud.identity.clientId, iss: issuer });
    expect((await cloud.api('GET', '/callers/+8613800138000', { as: 'agent.new' })).status).toBe(200);
    // Importing the same row again changes nothing, account included.
    expect((await importPeople([newcomer])).body.rows[0]).toMatchObject({ status: 'UNCHANGED', account: 'UNCHANGED' });
  });

  it('applies a role change and a deactivation from the next request on, and mirrors them on the account', async () => {
    const token = await cloud.signIn('agent.new');
    const asBefore = { authorization: `Bearer ${token}` };
    expect((await cloud.api('GET', '/callers/+8613800138000', { headers: asBefore })).status).toBe(200);

    // Now a task assignee: the same, still valid token no longer opens the screen pop.
    const moved = await importPeople([{ ...newcomer, roles: ['TASK_ASSIGNEE'] }]);
    expect(moved.body.rows[0]).toMatchObject({ status: 'UPDATED', account: 'UPDATED' });
    expect((await cloud.api('GET', '/callers/+8613800138000', { headers: asBefore })).status).toBe(403);
    const cognito = identityClient(cloud.endpoints.identity);
    const groups = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: cloud.identity.userPoolId, Username: 'agent.new' }));
    expect(groups.Groups!.map((g) => g.GroupName)).toEqual(['TASK_ASSIGNEE']);

    // Gone: the next request fails, the account is disabled, and nobody routes work to them.
    const gone = await importPeople([{ ...newcomer, roles: ['TASK_ASSIGNEE'], active: false }]);
    expect(gone.body.rows[0]).toMatchObject({ status: 'UPDATED', account: 'DISABLED' });
    expect((await cloud.api('GET', `/complaints/CMP-ANY`, { headers: asBefore })).status).toBe(401);
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: cloud.identity.userPoolId, Username: 'agent.new' }));
    expect(user.Enabled).toBe(false);
    const { peopleWithRoles } = await import('../../shared/store/master-data.ts');
    expect((await peopleWithRoles(['TASK_ASSIGNEE'])).map((p) => p.personId)).not.toContain('agent.new');

    // Back again.
    const back = await importPeople([{ ...newcomer, active: true }]);
    expect(back.body.rows[0]).toMatchObject({ status: 'UPDATED', account: 'UPDATED' });
    expect((await cloud.api('GET', '/callers/+8613800138000', { headers: asBefore })).status).toBe(200);
  });
});

describe('the first administrator of a new deployment', () => {
  it('is made by one command: person, account and group, and can then import people', async () => {
    const run = promisify(execFile);
    const out = await run(path.resolve('node_modules/.bin/tsx'), [
      'infra/admin/first-admin.ts', '--person-id', 'admin.first', '--name', 'First Admin', '--email', 'first.admin@example.com',
      // The test cloud's table and pool; in AWS these come from the data stack's outputs.
      '--table', process.env.TABLE_NAME!, '--user-pool', cloud.identity.userPoolId,
    ], { env: process.env });
    expect(out.stdout).toContain('admin.first is a master-data administrator');
    expect(out.stdout).toContain('account CREATED');
    const cognito = identityClient(cloud.endpoints.identity);
    const groups = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: cloud.identity.userPoolId, Username: 'admin.first' }));
    expect(groups.Groups!.map((g) => g.GroupName)).toEqual(['MASTER_DATA_ADMIN']);
    await setLocalPasswords(cloud.endpoints.identity, cloud.identity.userPoolId, ['admin.first']);
    const res = await cloud.api('POST', '/master-data/people/imports', {
      as: 'admin.first', body: { format: 'json', content: [{ personId: 'agent.later', name: 'Later', roles: ['SERVICE_AGENT'], email: 'later@example.com' }] },
    });
    expect(res.status).toBe(200);
  });
});
