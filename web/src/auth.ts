import { consoleConfig } from './config.ts';

/**
 * Sign-in with the staff user pool (USER_PASSWORD_AUTH), by plain fetch to the Cognito API: the
 * same call works against AWS and the local identity provider, with no SDK in the bundle. The ID
 * token is kept for the tab only (sessionStorage), never in the bundle or in localStorage.
 */
export interface Session {
  idToken: string;
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

export async function signIn(username: string, password: string): Promise<Session> {
  const { identity } = await consoleConfig();
  let res: Response;
  try {
    res = await fetch(identity.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: identity.clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }),
    });
  } catch (error) {
    throw new SignInError('UNAVAILABLE', (error as Error).message);
  }
  const body = (await res.json().catch(() => ({}))) as { AuthenticationResult?: { IdToken?: string }; ChallengeName?: string; __type?: string; message?: string };
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
    expiresAt: Number(c.exp),
    personId: String(c['custom:personId'] ?? c['cognito:username'] ?? username),
    roles: (c['cognito:groups'] as string[] | undefined) ?? [],
    name: String(c.name ?? c['cognito:username'] ?? username),
  };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function currentSession(): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  const session = JSON.parse(raw) as Session;
  if (session.expiresAt * 1000 < Date.now() + 30_000) {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
  return session;
}

/** Sign-out drops the tokens (the local provider has no GlobalSignOut; the ID token expires by itself). */
export function signOut() {
  sessionStorage.removeItem(KEY);
}
