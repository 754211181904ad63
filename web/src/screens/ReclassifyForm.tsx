import { useState, type FormEvent } from 'react';
import { apiSend, fieldError, type ApiError } from '../api.ts';
import { useLabel, useT } from '../i18n.ts';
import { CATEGORIES, URGENCIES } from '../types.ts';
import { Field } from './Field.tsx';
import { Problem } from './Problem.tsx';

/** A manager changes a complaint's urgency or category, saying why (PUT …/classification); deadlines follow the new class. */
export function ReclassifyForm({ complaintId, urgency, category, onSaved, onCancel }: {
  complaintId: string; urgency: string; category: string; onSaved: () => void; onCancel: () => void;
}) {
  const t = useT();
  const label = useLabel();
  const [form, setForm] = useState({ urgency, category, reason: '' });
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await apiSend('PUT', `/complaints/${encodeURIComponent(complaintId)}/classification`, form);
      onSaved();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }
  const fields = ['body.urgency', 'body.category', 'body.reason'];
  const other = error && !fields.some((f) => fieldError(error, f));
  return (
    <form onSubmit={submit} className="inline-form" aria-label={t('reclassify')}>
      <Field id="reclassify-urgency" label={t('urgency')} error={fieldError(error, 'body.urgency')}>
        {(p) => <select {...p} value={form.urgency} onChange={(e) => setForm({ ...form, urgency: e.target.value })}>{URGENCIES.map((u) => <option key={u} value={u}>{label(u)}</option>)}</select>}
      </Field>
      <Field id="reclassify-category" label={t('category')} error={fieldError(error, 'body.category')}>
        {(p) => <select {...p} value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })}>{CATEGORIES.map((c) => <option key={c} value={c}>{label(c)}</option>)}</select>}
      </Field>
      <Field id="reclassify-reason" label={t('reclassifyReason')} error={fieldError(error, 'body.reason')} required>
        {(p) => <input {...p} value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />}
      </Field>
      {other && <Problem error={error!} />}
      <div className="actions">
        <button type="submit" disabled={busy}>{busy ? t('saving') : t('reclassify')}</button>
        <button type="button" onClick={onCancel}>{t('cancel')}</button>
      </div>
    </form>
  );
}
