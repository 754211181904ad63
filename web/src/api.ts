import { consoleConfig } from './config.ts';
import { freshSession, signOut } from './auth.ts';

/** Fired when the API no longer accepts the token (it expired, or the person was deactivated): the app asks to sign in again. */
export const SESSION_ENDED = 'complaint-desk:session-ended';

/** An answer of the API that is not a success, with what it says (the field it names, if any). */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly field?: string, readonly issues?: { path: string; message: string }[], readonly body?: unknown) {
    super(message);
  }
}

type ErrorBody = { message?: string; field?: string; issues?: { path: string; message: string }[] };

/**
 * One call of the documented API: with the signed-in person's token (or, for signed links,
 * none), a refusal as an ApiError naming its fields, a refused token ending the session.
 */
async function call(path: string, init: { method?: string; body?: unknown; signedIn: boolean; headers?: Record<string, string> }): Promise<Response> {
  const { apiUrl } = await consoleConfig();
  const headers: Record<string, string> = { ...init.headers, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) };
  if (init.signedIn) {
    const session = await freshSession();
    if (!session) {
      // The session is over (or could not be renewed): say so and ask to sign in, as for a refused token.
      signOut();
      window.dispatchEvent(new Event(SESSION_ENDED));
      throw new ApiError(401, 'signed out');
    }
    headers.authorization = `Bearer ${session.idToken}`;
  }
  let res: Response;
  try {
    res = await fetch(`${apiUrl}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  } catch (error) {
    throw new ApiError(0, `the network is unreachable (${(error as Error).message})`);
  }
  if (res.ok) return res;
  if (res.status === 401 && init.signedIn) {
    signOut();
    window.dispatchEvent(new Event(SESSION_ENDED));
  }
  const answer = (await res.json().catch(() => undefined)) as ErrorBody | undefined;
  throw new ApiError(res.status, answer?.message ?? `HTTP ${res.status}`, answer?.field, answer?.issues, answer);
}

/** GET a route with the signed-in person's ID token. */
export async function apiGet<T>(path: string): Promise<T> {
  return (await call(path, { signedIn: true })).json() as Promise<T>;
}

/** POST/PUT a body to a route. A refusal's issues name the fields (body.notes, …), for the form to show on the field. */
/** POST/PUT a route; `body` undefined for a route that takes none. */
export async function apiSend<T>(method: 'POST' | 'PUT', path: string, body: unknown, headers?: Record<string, string>): Promise<T> {
  return (await call(path, { method, body, signedIn: true, headers })).json() as Promise<T>;
}

/**
 * Upload a file as evidence: the API signs an upload link (POST …/attachments), the browser PUTs
 * the file straight to S3 with exactly the signed headers it can send, then the API checks what
 * arrived (…/confirm). A refusal names its field (body.contentType, body.sizeBytes, …).
 */
export async function uploadEvidence(complaintId: string, file: File): Promise<void> {
  const base = `/complaints/${encodeURIComponent(complaintId)}/attachments`;
  const link = await apiSend<{ attachmentId: string; upload: { url: string; headers: Record<string, string> } }>(
    'POST', base, { fileName: file.name, contentType: file.type, sizeBytes: file.size });
  let put: Response;
  try {
    // content-length is the browser's to set (from the file); the signature covers the same value.
    put = await fetch(link.upload.url, { method: 'PUT', headers: { 'content-type': link.upload.headers['content-type']! }, body: file });
  } catch (error) {
    throw new ApiError(0, `the upload did not reach the storage (${(error as Error).message})`);
  }
  if (!put.ok) throw new ApiError(put.status, `the storage refused the upload (HTTP ${put.status})`);
  await apiSend('POST', `${base}/${link.attachmentId}/confirm`, undefined);
}

/** A signed-link route (no sign-in: the token in the body is the permission). */
export async function apiPublic<T>(path: string, body: unknown): Promise<T> {
  return (await call(path, { method: 'POST', body, signedIn: false })).json() as Promise<T>;
}

/** What the API said about one field of a refused request (from its issues, or the one field it named). */
export function fieldError(error: ApiError | undefined, field: string): string | undefined {
  if (!error) return undefined;
  return error.issues?.find((i) => i.path === field)?.message ?? (error.field === field ? error.message : undefined);
}

/** Download a report as CSV with the person's token (a link cannot carry it): saved by the browser as the API names it. */
export async function downloadCsv(path: string, fallbackName: string): Promise<void> {
  const res = await call(path, { signedIn: true });
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
