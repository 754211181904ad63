import { useState, type FormEvent } from 'react';
import { apiSend, fieldError, type ApiError } from '../api.ts';
import { useLabel, useT } from '../i18n.ts';
import type { ComplaintDetailAnswer } from '../types.ts';
import type { RootCauseCategory, PreventiveActionStatus } from '../../../shared/domain/capa.ts';
import { Field } from './Field.tsx';
import { withOffset } from './PlanForm.tsx';
import { Problem } from './Problem.tsx';

type CapaView = ComplaintDetailAnswer['capa'];
interface ActionDraft { id: string; description: string; ownerId: string; due: string; status: PreventiveActionStatus; recorded: boolean; originalDueAt?: string }

const ROOT_CAUSES = ['MAN', 'MACHINE', 'MATERIAL', 'METHOD', 'MEASUREMENT', 'ENVIRONMENT'] as const satisfies readonly RootCauseCategory[];
const NEXT_STATUS: Record<PreventiveActionStatus, PreventiveActionStatus[]> = { PLANNED: ['PLANNED', 'IMPLEMENTED'], IMPLEMENTED: ['IMPLEMENTED', 'VERIFIED'], VERIFIED: ['VERIFIED'] };

/** An instant as a datetime-local value in the browser's zone. */
function localInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Root cause and prevention (PUT /complaints/{id}/capa): containment, the 5M+E root cause, the
 * corrective action and the preventive actions with owners, due dates and status — the whole
 * CAPA each time, on the version it was read at (another person's change in between is a 409:
 * said, and the page reloads theirs). An action past PLANNED is a record: only its status moves.
 */
export function CapaForm({ complaintId, current, onSaved, onCancel, onStale }: { complaintId: string; current: CapaView; onSaved: () => void; onCancel: () => void; onStale: () => void }) {
  const t = useT();
  const label = useLabel();
  const capa = current.capa;
  const [containment, setContainment] = useState(capa?.containment ?? '');
  const [category, setCategory] = useState<string>(capa?.rootCause?.category ?? '');
  const [cause, setCause] = useState(capa?.rootCause?.description ?? '');
  const [corrective, setCorrective] = useState(capa?.correctiveAction ?? '');
  const [actions, setActions] = useState<ActionDraft[]>((capa?.preventiveActions ?? []).map((a) => ({
    id: a.id, description: a.description, ownerId: a.ownerId, due: localInput(a.dueAt), status: a.status, recorded: true, originalDueAt: a.dueAt,
  })));
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState(false);
  const set = (i: number, change: Partial<ActionDraft>) => setActions(actions.map((a, j) => (i === j ? { ...a, ...change } : a)));
  const nextId = () => `PA${Math.max(0, ...actions.map((a) => Number(a.id.slice(2)))) + 1}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setStale(false);
    try {
      const optional = (v: string) => (v.trim() ? v : undefined);
      const body = {
        expectedVersion: current.version,
        capa: {
          containment,
          rootCause: category || cause.trim() ? { category, description: cause } : undefined,
          correctiveAction: optional(corrective),
          // A due date left as it was goes back exactly as recorded (the input shows minutes only).
          preventiveActions: actions.length ? actions.map((a) => ({
            id: a.id, description: a.description, ownerId: a.ownerId, status: a.status,
            dueAt: a.originalDueAt && a.due === localInput(a.originalDueAt) ? a.originalDueAt : withOffset(a.due),
          })) : undefined,
        },
      };
      await apiSend('PUT', `/complaints/${encodeURIComponent(complaintId)}/capa`, body);
      onSaved();
    } catch (e) {
      const failure = e as ApiError;
      // Someone saved the CAPA meanwhile: the page reloads theirs (the next save is on it); what was typed here stays.
      if (failure.status === 409 && failure.field === 'body.expectedVersion') { onStale(); setStale(true); } else setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const at = (path: string) => fieldError(error, `body.capa.${path}`);
  const shown = ['containment', 'rootCause.category', 'rootCause.description', 'rootCause', 'correctiveAction', 'preventiveActions',
    ...actions.flatMap((_, i) => ['description', 'ownerId', 'dueAt', 'status', 'id'].map((f) => `preventiveActions.${i}.${f}`))].map((p) => `body.capa.${p}`);
  const elsewhere = error?.issues?.filter((i) => !shown.includes(i.path)).map((i) => i.message) ?? [];
  const other = error && (elsewhere.length ? elsewhere.join(' ') : !shown.some((f) => fieldError(error, f)) ? error.message : undefined);
  return (
    <form onSubmit={submit} className="inline-form capa-form" aria-label={t('editCapa')}>
      <Field id="capa-containment" label={t('containment')} error={at('containment')} required>
        {(p) => <textarea {...p} rows={2} value={containment} onChange={(e) => setContainment(e.target.value)} />}
      </Field>
      <Field id="capa-cause-category" label={t('rootCauseCategory')} error={at('rootCause.category') ?? at('rootCause')}>
        {(p) => (
          <select {...p} value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t('notYet')}</option>
            {ROOT_CAUSES.map((c) => <option key={c} value={c}>{label(c)}</option>)}
          </select>
        )}
      </Field>
      <Field id="capa-cause" label={t('rootCause')} error={at('rootCause.description')}>
        {(p) => <textarea {...p} rows={2} value={cause} onChange={(e) => setCause(e.target.value)} />}
      </Field>
      <Field id="capa-corrective" label={t('correctiveAction')} error={at('correctiveAction')}>
        {(p) => <textarea {...p} rows={2} value={corrective} onChange={(e) => setCorrective(e.target.value)} />}
      </Field>
      {actions.map((a, i) => (
        <fieldset key={a.id}>
          <legend>{t('preventiveActionN', { id: a.id })}</legend>
          <Field id={`pa-${i}-description`} label={t('preventiveAction')} error={at(`preventiveActions.${i}.description`)}>
            {(p) => <textarea {...p} rows={2} readOnly={a.recorded && a.status !== 'PLANNED'} value={a.description} onChange={(e) => set(i, { description: e.target.value })} />}
          </Field>
          <Field id={`pa-${i}-owner`} label={t('owner')} error={at(`preventiveActions.${i}.ownerId`)}>
            {(p) => <input {...p} readOnly={a.recorded && a.status !== 'PLANNED'} value={a.ownerId} onChange={(e) => set(i, { ownerId: e.target.value })} />}
          </Field>
          <Field id={`pa-${i}-due`} label={t('dueAt')} error={at(`preventiveActions.${i}.dueAt`)}>
            {(p) => <input {...p} type="datetime-local" readOnly={a.recorded && a.status !== 'PLANNED'} value={a.due} onChange={(e) => set(i, { due: e.target.value })} />}
          </Field>
          <Field id={`pa-${i}-status`} label={t('status')} error={at(`preventiveActions.${i}.status`)}>
            {(p) => (
              <select {...p} value={a.status} onChange={(e) => set(i, { status: e.target.value as PreventiveActionStatus })}>
                {(a.recorded ? NEXT_STATUS[(capa?.preventiveActions ?? []).find((x) => x.id === a.id)?.status ?? 'PLANNED'] : ['PLANNED' as const]).map((s) => <option key={s} value={s}>{label(s)}</option>)}
              </select>
            )}
          </Field>
          {!a.recorded && <button type="button" onClick={() => setActions(actions.filter((_, j) => j !== i))}>{t('removeAction', { id: a.id })}</button>}
        </fieldset>
      ))}
      {at('preventiveActions') && <p className="error field-error">{at('preventiveActions')}</p>}
      {stale && <p className="error" role="alert">{t('capaChanged')}</p>}
      {other && <Problem error={error!} detail={other} />}
      <div className="actions">
        <button type="button" onClick={() => setActions([...actions, { id: nextId(), description: '', ownerId: '', due: '', status: 'PLANNED', recorded: false }])}>{t('addPreventiveAction')}</button>
        <button type="submit" disabled={busy}>{busy ? t('saving') : t('saveCapa')}</button>
        <button type="button" onClick={onCancel}>{t('cancel')}</button>
      </div>
    </form>
  );
}
