import { useState, type FormEvent } from 'react';
import { apiGet, apiSend, fieldError, type ApiError } from '../api.ts';
import { duration, useLabel, useLocale, useT } from '../i18n.ts';
import { CATEGORIES, URGENCIES, type EmailRow, type Page } from '../types.ts';
import { Loaded, useLoad } from './Loadable.tsx';
import { Field } from './Field.tsx';
import { Problem } from './Problem.tsx';

/**
 * Emails waiting for an agent (GET /queues/email-intake): sender, subject, customer match, age;
 * each made into a complaint from a document number (POST …/complaint) or dismissed with a reason.
 */
export default function EmailIntake() {
  const t = useT();
  const locale = useLocale();
  const emails = useLoad(() => apiGet<Page<EmailRow>>('/queues/email-intake?limit=100'), []);
  const [handled, setHandled] = useState<Record<string, { message: string; complaintId?: string }>>({});
  const [open, setOpen] = useState<{ id: string; action: 'complaint' | 'dismiss' } | undefined>();
  const done = (id: string, message: string, complaintId?: string) => { setHandled({ ...handled, [id]: { message, complaintId } }); setOpen(undefined); };
  return (
    <main>
      <h1>{t('emailIntake')}</h1>
      <div role="status">
        {Object.entries(handled).map(([id, h]) => <p key={id} className="notice">{h.complaintId ? <a href={`#/complaints/${h.complaintId}`}>{h.message}</a> : h.message}</p>)}
      </div>
      <Loaded state={emails}>
        {(page) => {
          const rows = page.items.filter((r) => !handled[r.inboundId]);
          if (rows.length === 0) return <p className="empty">{t('noEmails')}</p>;
          return (
            <ul className="cards">
              {rows.map((r) => (
                <li key={r.inboundId}>
                  <h2>{r.subject || '–'}</h2>
                  <p>
                    {t('from')}: {r.from?.name ? `${r.from.name} <${r.from.address}>` : r.from?.address}
                    {!r.senderVerified && <> <span className="warning">({t('unverified')})</span></>}
                    {' · '}{t('match')}: {r.match.kind === 'CUSTOMER' ? `${r.match.customerName ?? ''} (${r.match.customerCode})` : r.match.kind === 'AMBIGUOUS' ? t('ambiguous') : t('unmatched')}
                    {' · '}{t('attachmentsCount', { count: r.attachments.accepted })}
                    {' · '}{t('age')} {duration(r.ageMinutes * 60_000, locale)}
                  </p>
                  {r.note && <p><small>{r.note}</small></p>}
                  {open?.id === r.inboundId && open.action === 'complaint' && (
                    <CompleteForm row={r} onDone={(complaintId) => done(r.inboundId, t('created', { id: complaintId }), complaintId)} onCancel={() => setOpen(undefined)} />
                  )}
                  {open?.id === r.inboundId && open.action === 'dismiss' && (
                    <DismissForm row={r} onDone={() => done(r.inboundId, t('dismissed'))} onCancel={() => setOpen(undefined)} />
                  )}
                  {open?.id !== r.inboundId && (
                    <div className="actions">
                      <button type="button" onClick={() => setOpen({ id: r.inboundId, action: 'complaint' })}>{t('makeComplaint')}</button>
                      <button type="button" onClick={() => setOpen({ id: r.inboundId, action: 'dismiss' })}>{t('dismiss')}</button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </main>
  );
}

function CompleteForm({ row, onDone, onCancel }: { row: EmailRow; onDone: (complaintId: string) => void; onCancel: () => void }) {
  const t = useT();
  const label = useLabel();
  const [form, setForm] = useState({ documentNumber: '', urgency: 'NORMAL', category: 'PRODUCT_QUALITY', customerRequirements: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const id = (name: string) => `${name}-${row.inboundId}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = { ...form, ...(form.customerRequirements.trim() ? {} : { customerRequirements: undefined }) };
      const made = await apiSend<{ complaintId: string }>('POST', `/email-intake/${encodeURIComponent(row.inboundId)}/complaint`, body);
      onDone(made.complaintId);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }
  const other = error && !['body.documentNumber', 'body.urgency', 'body.category', 'body.customerRequirements'].some((f) => fieldError(error, f));
  return (
    <form onSubmit={submit} className="inline-form">
      <Field id={id('document')} label={t('documentNumber')} error={fieldError(error, 'body.documentNumber')}>
        {(p) => <input {...p} value={form.documentNumber} onChange={(e) => setForm({ ...form, documentNumber: e.target.value })} />}
      </Field>
      <Field id={id('urgency')} label={t('urgency')} error={fieldError(error, 'body.urgency')}>
        {(p) => <select {...p} value={form.urgency} onChange={(e) => setForm({ ...form, urgency: e.target.value })}>{URGENCIES.map((u) => <option key={u} value={u}>{label(u)}</option>)}</select>}
      </Field>
      <Field id={id('category')} label={t('category')} error={fieldError(error, 'body.category')}>
        {(p) => <select {...p} value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })}>{CATEGORIES.map((c) => <option key={c} value={c}>{label(c)}</option>)}</select>}
      </Field>
      <Field id={id('requirements')} label={t('requirements')} error={fieldError(error, 'body.customerRequirements')}>
        {(p) => <textarea {...p} rows={2} value={form.customerRequirements} onChange={(e) => setForm({ ...form, customerRequirements: e.target.value })} />}
      </Field>
      {other && <Problem error={error!} />}
      <div className="actions">
        <button type="submit" disabled={busy}>{busy ? t('saving') : t('create')}</button>
        <button type="button" onClick={onCancel}>{t('cancel')}</button>
      </div>
    </form>
  );
}

function DismissForm({ row, onDone, onCancel }: { row: EmailRow; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await apiSend('POST', `/email-intake/${encodeURIComponent(row.inboundId)}/dismiss`, { reason });
      onDone();
    } catch (e) {
      setError(e as ApiError);
    }
  }
  const reasonError = fieldError(error, 'body.reason');
  return (
    <form onSubmit={submit} className="inline-form">
      <Field id={`reason-${row.inboundId}`} label={t('dismissReason')} error={reasonError}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      {error && !reasonError && <Problem error={error} />}
      <div className="actions">
        <button type="submit">{t('dismiss')}</button>
        <button type="button" onClick={onCancel}>{t('cancel')}</button>
      </div>
    </form>
  );
}
