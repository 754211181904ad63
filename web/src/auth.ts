import { consoleConfig } from './config.ts';

/**
 * Sign-in with the staff user pool (USER_PASSWORD_AUTH), by plain fetch to the Cognito API: the
 * same call works against AWS and the local identity provider, with no SDK in the bundle. The
 * tokens are kept for the tab only (sessionStorage), never in the bundle or in localStorage. ID
 * tokens last an hour; a few minutes before that the refresh token gets a new one
 * (REFRESH_TOKEN_AUTH), so nobody is signed out in the middle of their work.
 */
export interface Session {
  idToken: string;
  /** For new ID tokens (REFRESH_TOKEN_AUTH); absent when the provider gave none. */
  refreshToken?: string;
  /** Seconds since the epoch (the token's exp). */
  expiresAt: number;
  personId: string;
  roles: string[];
  name: string;
}

const KEY = 'complaint-desk.session';

export class SignInError extends Error {
  constructor(readonly kind: 'CREDENTIALS' | 'CHALLENGE' | 'UNAVAILABLE', message: string) {
    super(message);
  }
}

function claims(idToken: string): Record<string, unknown> {
  const payload = idToken.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>;
}

/** One InitiateAuth call to the user pool; its answer's tokens as a session. */
async function initiateAuth(flow: 'USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH', parameters: Record<string, string>, username: string): Promise<Session> {
  const { identity } = await consoleConfig();
  let res: Response;
  try {
    res = await fetch(identity.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({ AuthFlow: flow, ClientId: identity.clientId, AuthParameters: parameters }),
    });
  } catch (error) {
    throw new SignInError('UNAVAILABLE', (error as Error).message);
  }
  const body = (await res.json().catch(() => ({}))) as { AuthenticationResult?: { IdToken?: string; RefreshToken?: string }; ChallengeName?: string; __type?: string; message?: string };
  if (!res.ok) {
    // Wrong user or password (AWS: NotAuthorized; the local provider also says InvalidPassword): one message for both.
    if (res.status === 400) throw new SignInError('CREDENTIALS', body.message ?? 'refused');
    throw new SignInError('UNAVAILABLE', `${res.status}`);
  }
  if (body.ChallengeName) throw new SignInError('CHALLENGE', body.ChallengeName);
  const idToken = body.AuthenticationResult?.IdToken;
  if (!idToken) throw new SignInError('UNAVAILABLE', 'no token');
  const c = claims(idToken);
  const session: Session = {
    idToken,
    // A refresh answers no new refresh token: the one signed in with goes on.
    refreshToken: body.AuthenticationResult?.RefreshToken ?? parameters.REFRESH_TOKEN,
    expiresAt: Number(c.exp),
    personId: String(c['custom:personId'] ?? c['cognito:username'] ?? username),
    roles: (c['cognito:groups'] as string[] | undefined) ?? [],
    name: String(c.name ?? c['cognito:username'] ?? username),
  };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function signIn(username: string, password: string): Promise<Session> {
  return initiateAuth('USER_PASSWORD_AUTH', { USERNAME: username, PASSWORD: password }, username);
}

/** The person signed in in this tab: with a valid ID token, or one that its refresh token can renew. */
export function currentSession(): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  const session = JSON.parse(raw) as Session;
  if (session.expiresAt * 1000 < Date.now() + 30_000 && !session.refreshToken) {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
  return session;
}

/** Renew this long before the ID token expires. */
const RENEW_BEFORE_MS = 5 * 60_000;
let renewing: Promise<Session | undefined> | undefined;

/**
 * The session with an ID token good for a few minutes more: renewed with the refresh token when
 * it is close to expiry (one renewal at a time, whatever number of requests wait for it).
 * Undefined when there is none any more (signed out, or the refresh token was refused: expired
 * or revoked); a renewal that cannot reach the provider keeps the token while it is still valid.
 */
export async function freshSession(): Promise<Session | undefined> {
  const session = currentSession();
  if (!session || session.expiresAt * 1000 > Date.now() + RENEW_BEFORE_MS) return session;
  if (!session.refreshToken) return session.expiresAt * 1000 > Date.now() + 30_000 ? session : undefined;
  renewing ??= initiateAuth('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: session.refreshToken }, session.personId)
    .then((renewed) => ({ ...renewed, personId: session.personId }))
    .catch((error: SignInError) => {
      if (error.kind === 'UNAVAILABLE' && session.expiresAt * 1000 > Date.now() + 30_000) return session;
      sessionStorage.removeItem(KEY);
      return undefined;
    })
    .finally(() => { renewing = undefined; });
  return renewing;
}

/**
 * Sign-out drops the tokens and revokes the refresh token (RevokeToken), so a copy of it is
 * useless afterwards; the ID token expires by itself within the hour.
 */
export function signOut() {
  const raw = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  const refreshToken = raw ? (JSON.parse(raw) as Session).refreshToken : undefined;
  if (!refreshToken) return;
  void consoleConfig().then(({ identity }) => fetch(identity.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.RevokeToken' },
    body: JSON.stringify({ Token: refreshToken, ClientId: identity.clientId }),
  })).catch(() => undefined); // best effort: signed out here whatever the provider answers
}
