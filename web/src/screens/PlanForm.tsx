import { useState, type FormEvent } from 'react';
import { apiSend, fieldError, type ApiError } from '../api.ts';
import { useT } from '../i18n.ts';
import { Problem } from './Problem.tsx';

interface Draft { title: string; assigneeId: string; due: string }

/** A local date-time input's value as an instant with the browser's offset (the API wants an offset). */
export function withOffset(local: string): string {
  if (!local) return '';
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return local;
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}

/**
 * The quality manager's plan (POST /complaints/{id}/plan): a summary and its tasks, each with an
 * assignee and a due date. The API checks them (people, roles, deadlines against the business
 * calendar); whatever it refuses is shown on the task's field.
 */
export function PlanForm({ complaintId, onSubmitted }: { complaintId: string; onSubmitted: (tasks: number) => void }) {
  const t = useT();
  const [summary, setSummary] = useState('');
  const [tasks, setTasks] = useState<Draft[]>([{ title: '', assigneeId: '', due: '' }]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const set = (i: number, change: Partial<Draft>) => setTasks(tasks.map((d, j) => (i === j ? { ...d, ...change } : d)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = { summary, tasks: tasks.map((d) => ({ title: d.title, assigneeId: d.assigneeId, dueAt: withOffset(d.due) })) };
      const planned = await apiSend<{ tasks: unknown[] }>('POST', `/complaints/${encodeURIComponent(complaintId)}/plan`, body);
      onSubmitted(planned.tasks.length);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const field = (name: string, i?: number) => fieldError(error, i === undefined ? `body.${name}` : `body.tasks.${i}.${name}`);
  const known = ['body.summary', 'body.tasks', ...tasks.flatMap((_, i) => ['title', 'assigneeId', 'dueAt'].map((f) => `body.tasks.${i}.${f}`))];
  const other = error && !known.some((f) => fieldError(error, f));
  const input = (id: string, problem: string | undefined) => ({ id, ...(problem ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {}) });
  const problemText = (id: string, problem: string | undefined) => problem && <p id={`${id}-error`} className="error field-error">{problem}</p>;

  return (
    <form onSubmit={submit} className="inline-form plan-form">
      <label htmlFor="plan-summary">{t('planSummary')}</label>
      <textarea {...input('plan-summary', field('summary'))} rows={2} value={summary} onChange={(e) => setSummary(e.target.value)} />
      {problemText('plan-summary', field('summary'))}
      {tasks.map((d, i) => (
        <fieldset key={i}>
          <legend>{t('taskN', { n: i + 1 })}</legend>
          <label htmlFor={`task-${i}-title`}>{t('taskTitle')}</label>
          <input {...input(`task-${i}-title`, field('title', i))} value={d.title} onChange={(e) => set(i, { title: e.target.value })} />
          {problemText(`task-${i}-title`, field('title', i))}
          <label htmlFor={`task-${i}-assignee`}>{t('assignee')}</label>
          <input {...input(`task-${i}-assignee`, field('assigneeId', i))} value={d.assigneeId} onChange={(e) => set(i, { assigneeId: e.target.value })} />
          {problemText(`task-${i}-assignee`, field('assigneeId', i))}
          <label htmlFor={`task-${i}-due`}>{t('dueAt')}</label>
          <input {...input(`task-${i}-due`, field('dueAt', i))} type="datetime-local" value={d.due} onChange={(e) => set(i, { due: e.target.value })} />
          {problemText(`task-${i}-due`, field('dueAt', i))}
          {tasks.length > 1 && <button type="button" onClick={() => setTasks(tasks.filter((_, j) => j !== i))}>{t('removeTask', { n: i + 1 })}</button>}
        </fieldset>
      ))}
      {field('tasks') && <p className="error field-error">{field('tasks')}</p>}
      {other && <Problem error={error!} />}
      <div className="actions">
        <button type="button" onClick={() => setTasks([...tasks, { title: '', assigneeId: '', due: '' }])}>{t('addTask')}</button>
        <button type="submit" disabled={busy}>{busy ? t('saving') : t('submitPlan')}</button>
      </div>
    </form>
  );
}
