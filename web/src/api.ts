import { consoleConfig } from './config.ts';
import { currentSession, signOut } from './auth.ts';

/** Fired when the API no longer accepts the token (it expired, or the person was deactivated): the app asks to sign in again. */
export const SESSION_ENDED = 'complaint-desk:session-ended';

function sessionEnded() {
  signOut();
  window.dispatchEvent(new Event(SESSION_ENDED));
}

/** An answer of the API that is not a success, with what it says (the field it names, if any). */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly field?: string, readonly issues?: { path: string; message: string }[]) {
    super(message);
  }
}

/** GET a route of the documented API with the signed-in person's ID token. */
export async function apiGet<T>(path: string): Promise<T> {
  const { apiUrl } = await consoleConfig();
  const session = currentSession();
  if (!session) throw new ApiError(401, 'signed out');
  let res: Response;
  try {
    res = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${session.idToken}` } });
  } catch (error) {
    throw new ApiError(0, `the network is unreachable (${(error as Error).message})`);
  }
  const body = (await res.json().catch(() => undefined)) as { message?: string; field?: string; issues?: { path: string; message: string }[] } | undefined;
  if (res.status === 401) sessionEnded();
  if (!res.ok) throw new ApiError(res.status, body?.message ?? `HTTP ${res.status}`, body?.field, body?.issues);
  return body as T;
}

/**
 * POST/PUT a body to a route. A refusal comes back as an ApiError whose issues name the fields
 * (body.notes, …), for the form to show on the field.
 */
export async function apiSend<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T> {
  const { apiUrl } = await consoleConfig();
  const session = currentSession();
  if (!session) throw new ApiError(401, 'signed out');
  let res: Response;
  try {
    res = await fetch(`${apiUrl}${path}`, {
      method, body: JSON.stringify(body),
      headers: { authorization: `Bearer ${session.idToken}`, 'content-type': 'application/json' },
    });
  } catch (error) {
    throw new ApiError(0, `the network is unreachable (${(error as Error).message})`);
  }
  const answer = (await res.json().catch(() => undefined)) as { message?: string; field?: string; issues?: { path: string; message: string }[] } | undefined;
  if (res.status === 401) sessionEnded();
  if (!res.ok) throw new ApiError(res.status, answer?.message ?? `HTTP ${res.status}`, answer?.field, answer?.issues);
  return answer as T;
}

/** What the API said about one field of a refused request (from its issues, or the one field it named). */
export function fieldError(error: ApiError | undefined, field: string): string | undefined {
  if (!error) return undefined;
  return error.issues?.find((i) => i.path === field)?.message ?? (error.field === field ? error.message : undefined);
}

/** Download a report as CSV with the person's token (a link cannot carry it): saved by the browser as the API names it. */
export async function downloadCsv(path: string, fallbackName: string): Promise<void> {
  const { apiUrl } = await consoleConfig();
  const session = currentSession();
  if (!session) throw new ApiError(401, 'signed out');
  const res = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${session.idToken}` } });
  if (res.status === 401) sessionEnded();
  if (!res.ok) throw new ApiError(res.status, `HTTP ${res.status}`);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A signed-link route (no sign-in: the token in the body is the permission). */
export async function apiPublic<T>(path: string, body: unknown): Promise<T> {
  const { apiUrl } = await consoleConfig();
  let res: Response;
  try {
    res = await fetch(`${apiUrl}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  } catch (error) {
    throw new ApiError(0, `the network is unreachable (${(error as Error).message})`);
  }
  const answer = (await res.json().catch(() => undefined)) as { message?: string; field?: string; issues?: { path: string; message: string }[] } | undefined;
  if (!res.ok) throw new ApiError(res.status, answer?.message ?? `HTTP ${res.status}`, answer?.field, answer?.issues);
  return answer as T;
}
