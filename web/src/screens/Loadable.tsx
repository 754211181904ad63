import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { useT } from '../i18n.ts';
import { problemText } from './Problem.tsx';

/** Load with a visible state: loading, the data, or what went wrong and a way to try again — never a blank screen. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  // Only the latest request's answer counts: an earlier one arriving late (another complaint's) is dropped.
  const latest = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    const ticket = ++latest.current;
    setState((s) => ({ data: ticket === 1 ? undefined : s.data, loading: true }));
    run().then(
      (data) => { if (ticket === latest.current) setState({ data, loading: false }); },
      (error: ApiError) => { if (ticket === latest.current) setState({ error, loading: false }); },
    );
  }, [run]);
  useEffect(() => {
    // A new subject (deps changed): nothing of the previous one is shown meanwhile.
    setState({ loading: true });
    reload();
  }, [reload]);
  return { ...state, reload };
}

export function Loaded<T>({ state, children }: { state: { data?: T; error?: ApiError; loading: boolean; reload: () => void }; children: (data: T) => ReactNode }) {
  const t = useT();
  if (state.error) {
    const reason = problemText(state.error, t);
    return (
      <div className="error" role="alert">
        <p>{t('failed', { reason })}</p>
        <button type="button" onClick={state.reload}>{t('retry')}</button>
      </div>
    );
  }
  if (state.data === undefined) return <p role="status">{t('loading')}</p>;
  return <>{children(state.data)}</>;
}
