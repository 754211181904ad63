import type { ApiError } from '../api.ts';
import { useT, type Translate } from '../i18n.ts';

/**
 * What a failed request means for the person, in their language, and what to do next: the kind
 * of failure from its status, with the API's own detail (English, naming the field) after it when
 * the request itself was refused.
 */
export function problemText(error: ApiError, t: Translate, detail: string = error.message): string {
  if (error.status === 0) return t('networkDown');
  if (error.status === 401) return t('signedOutExpired');
  if (error.status === 403) return t('forbidden');
  if (error.status === 404) return t('notFound');
  if (error.status === 409) return t('conflictNow', { detail });
  if (error.status === 429 || error.status === 503) return t('busy');
  if (error.status >= 500) return t('serverError');
  return t('refused', { detail });
}

export function Problem({ error, detail }: { error: ApiError; detail?: string }) {
  const t = useT();
  return <p className="error" role="alert">{problemText(error, t, detail)}</p>;
}
