import { consoleConfig } from './config.ts';
import { currentSession } from './auth.ts';

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
  if (!res.ok) throw new ApiError(res.status, body?.message ?? `HTTP ${res.status}`, body?.field, body?.issues);
  return body as T;
}
