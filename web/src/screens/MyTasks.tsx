import { useState, type FormEvent } from 'react';
import { apiGet, apiSend, fieldError, type ApiError } from '../api.ts';
import { dateTime, useLocale, useT } from '../i18n.ts';
import type { Page, TaskRow } from '../types.ts';
import { Loaded, useLoad } from './Loadable.tsx';
import { SlaClock } from './Sla.tsx';
import { Problem } from './Problem.tsx';

/** The signed-in person's open tasks (GET /queues/my-tasks), earliest deadline first; each completed with notes. */
export default function MyTasks() {
  const t = useT();
  const locale = useLocale();
  const tasks = useLoad(() => apiGet<Page<TaskRow>>('/queues/my-tasks?limit=100'), []);
  const [done, setDone] = useState<string[]>([]);
  const [notices, setNotices] = useState<string[]>([]);
  const [open, setOpen] = useState<string | undefined>();
  const keyOf = (r: TaskRow) => `${r.complaintId}/${r.taskId}`;
  return (
    <main>
      <h1>{t('myTasks')}</h1>
      <div role="status">{notices.map((d) => <p key={d} className="notice">{t('taskDone', { task: d })}</p>)}</div>
      <Loaded state={tasks}>
        {(page) => {
          const rows = page.items.filter((r) => !done.includes(keyOf(r)));
          if (rows.length === 0) return <p className="empty">{t('noTasksForMe')}</p>;
          return (
            <ul className="cards">
              {rows.map((r) => (
                <li key={keyOf(r)}>
                  <h2><a href={`#/complaints/${r.complaintId}`}>{r.complaintId}</a> · {r.taskId} {r.title}</h2>
                  <p>{r.complaint?.customerName} · {t('due')} {dateTime(r.dueAt, locale)} · <SlaClock dueAt={r.dueAt} /></p>
                  {open === keyOf(r)
                    ? <CompleteForm row={r} onDone={() => { setDone([...done, keyOf(r)]); setNotices([...notices, `${r.taskId} ${r.title}`]); setOpen(undefined); }} onCancel={() => setOpen(undefined)} />
                    : <button type="button" onClick={() => setOpen(keyOf(r))}>{t('completeTask')}</button>}
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </main>
  );
}

/** Notes, checked by the API: what it refuses is shown on the field. */
function CompleteForm({ row, onDone, onCancel }: { row: TaskRow; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const id = `notes-${row.complaintId}-${row.taskId}`;
  const notesError = fieldError(error, 'body.notes');
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await apiSend('POST', `/complaints/${encodeURIComponent(row.complaintId)}/tasks/${encodeURIComponent(row.taskId)}/complete`, { notes });
      onDone();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="inline-form">
      <label htmlFor={id}>{t('notes')}</label>
      <textarea id={id} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)}
        aria-invalid={notesError ? true : undefined} aria-describedby={notesError ? `${id}-error` : undefined} />
      {notesError && <p id={`${id}-error`} className="error field-error">{notesError}</p>}
      {error && !notesError && <Problem error={error} />}
      <div className="actions">
        <button type="submit" disabled={busy}>{busy ? t('saving') : t('completeTask')}</button>
        <button type="button" onClick={onCancel}>{t('cancel')}</button>
      </div>
    </form>
  );
}
