import { useEffect, useRef, useState, type FormEvent } from 'react';
import { apiGet, apiSend, ApiError, fieldError } from '../api.ts';
import { consoleConfig, type ConsoleConfig } from '../config.ts';
import { useLabel, useT } from '../i18n.ts';
import { CATEGORIES, URGENCIES, type DocumentLookupAnswer } from '../types.ts';
import { Field } from './Field.tsx';
import { Problem } from './Problem.tsx';

export interface ComplaintStart {
  documentNumber?: string;
  /** The call it is made during (the screen pop): recorded with the complaint. */
  callId?: string;
  contactName?: string;
  contactPhone?: string;
}

type Fields = { description: string; customerRequirements: string; contactName: string; contactPhone: string; preferredVisitTime: string; urgency: string; category: string };
type Intake = ConsoleConfig['intake'];

/** The form's own check of the company's rules (the API checks them again): issues shaped as the API's, shown on the fields. */
function missing(form: Fields, intake: Intake, callId: string | undefined, t: ReturnType<typeof useT>): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (form.description.trim().length < intake.descriptionMinLength) issues.push({ path: 'body.description', message: t('atLeastChars', { n: intake.descriptionMinLength }) });
  for (const name of intake.requiredFields) {
    if (name === 'callId') { if (!callId) issues.push({ path: 'body.callId', message: t('callRequired') }); continue; }
    if (!form[name].trim()) issues.push({ path: `body.${name}`, message: t('required') });
  }
  return issues;
}

/**
 * A new complaint from an order or delivery-note number (POST /complaints). The number is looked
 * up first (GET /documents/{n}) and what the complaint will take from it is shown before submit:
 * customer, product, serial, ship date, warranty, salesperson, and the open complaint it would be
 * added to. The company's required fields are marked and checked here; one Idempotency-Key per
 * form, so a double click or a retry after a lost answer makes one complaint.
 */
export function NewComplaint({ start, onCreated }: { start: ComplaintStart; onCreated: (complaintId: string, linked: boolean) => void }) {
  const t = useT();
  const label = useLabel();
  const [intake, setIntake] = useState<Intake | undefined>();
  const [number, setNumber] = useState(start.documentNumber ?? '');
  const [found, setFound] = useState<DocumentLookupAnswer | undefined>();
  const [looking, setLooking] = useState(false);
  const [form, setForm] = useState<Fields>({
    description: '', customerRequirements: '', contactName: start.contactName ?? '', contactPhone: start.contactPhone ?? '',
    preferredVisitTime: '', urgency: 'NORMAL', category: 'PRODUCT_QUALITY',
  });
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  // One key while the same request may be repeated (a lost answer: status 0 or 5xx); a refusal (4xx) means nothing was made, so a new key.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const summary = useRef<HTMLHeadingElement>(null);

  useEffect(() => { consoleConfig().then((c) => setIntake(c.intake), () => setIntake({ requiredFields: [], descriptionMinLength: 1 })); }, []);

  async function lookUp(documentNumber: string) {
    if (!documentNumber.trim()) return setError(new ApiError(400, t('required'), 'body.documentNumber'));
    setLooking(true);
    setError(undefined);
    setFound(undefined);
    try {
      setFound(await apiGet<DocumentLookupAnswer>(`/documents/${encodeURIComponent(documentNumber.trim())}`));
    } catch (e) {
      const failure = e as ApiError;
      setError(new ApiError(failure.status, failure.status === 404 ? t('noSuchDocument', { n: documentNumber.trim() }) : failure.message, 'body.documentNumber'));
    } finally {
      setLooking(false);
    }
  }
  // A number picked in the screen pop is looked up at once.
  useEffect(() => { if (start.documentNumber) void lookUp(start.documentNumber); }, [start.documentNumber]); // eslint-disable-line react-hooks/exhaustive-deps
  // What the lookup found is what the complaint will be about; moving focus there tells screen-reader users.
  useEffect(() => { if (found) summary.current?.focus(); }, [found]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!intake) return;
    if (!found || found.document.number !== number.trim()) return void lookUp(number);
    const issues = missing(form, intake, start.callId, t);
    if (issues.length) return setError(new ApiError(400, issues[0]!.message, undefined, issues));
    setBusy(true);
    setError(undefined);
    try {
      const optional = (v: string) => (v.trim() ? v : undefined);
      const body = {
        documentNumber: found.document.number, description: form.description, urgency: form.urgency, category: form.category,
        customerRequirements: optional(form.customerRequirements), contactName: optional(form.contactName), contactPhone: optional(form.contactPhone),
        preferredVisitTime: optional(form.preferredVisitTime), callId: start.callId,
      };
      const made = await apiSend<{ complaintId: string; linked: boolean }>('POST', '/complaints', body, { 'idempotency-key': idempotencyKey });
      onCreated(made.complaintId, made.linked);
    } catch (e) {
      const failure = e as ApiError;
      if (failure.status >= 400 && failure.status < 500) setIdempotencyKey(crypto.randomUUID());
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const required = (name: string) => name === 'description' || (intake?.requiredFields as readonly string[] | undefined)?.includes(name);
  const fields = ['body.documentNumber', 'body.description', 'body.customerRequirements', 'body.contactName', 'body.contactPhone', 'body.preferredVisitTime', 'body.urgency', 'body.category'];
  // What no field shows: refusals about other things (the call, the request), or the API's message.
  const elsewhere = error?.issues?.filter((i) => !fields.includes(i.path)).map((i) => i.message) ?? [];
  const other = error && (elsewhere.length ? elsewhere.join(' ') : !fields.some((f) => fieldError(error, f)) ? error.message : undefined);
  const text = (name: keyof Fields, caption: string, multiline = false) => (
    <Field id={`new-${name}`} label={caption} error={fieldError(error, `body.${name}`)} required={required(name)}>
      {(p) => (multiline
        ? <textarea {...p} rows={3} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} />
        : <input {...p} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} />)}
    </Field>
  );
  const doc = found?.document;
  return (
    <form onSubmit={submit} className="inline-form new-complaint" aria-labelledby="new-complaint-heading">
      <h2 id="new-complaint-heading">{t('newComplaint')}</h2>
      <Field id="new-documentNumber" label={t('documentNumber')} error={fieldError(error, 'body.documentNumber')} required>
        {(p) => (
          <span className="with-button">
            <input {...p} value={number} onChange={(e) => { setNumber(e.target.value); setFound(undefined); }} />
            <button type="button" onClick={() => void lookUp(number)} disabled={looking}>{looking ? t('loading') : t('lookUp')}</button>
          </span>
        )}
      </Field>
      {doc && (
        <section className="auto-filled" aria-labelledby="auto-filled-heading">
          <h3 id="auto-filled-heading" tabIndex={-1} ref={summary}>{t('fromTheDocument')}</h3>
          <dl className="facts">
            <dt>{t('customer')}</dt><dd data-testid="auto-customer">{found.customer ? `${found.customer.name} (${found.customer.code})` : t('customerNotOnFile', { code: doc.customerCode })}</dd>
            <dt>{t('product')}</dt><dd>{doc.productName} ({doc.productCode})</dd>
            <dt>{t('serial')}</dt><dd>{doc.serialNumber ?? '–'}</dd>
            <dt>{t('shipped')}</dt><dd>{doc.shipDate}</dd>
            <dt>{t('warranty')}</dt><dd data-testid="auto-warranty">{label(doc.warranty)} ({t('monthsN', { n: doc.warrantyMonths })})</dd>
            <dt>{t('salesperson')}</dt><dd>{found.salesperson?.name ?? doc.salespersonId}</dd>
          </dl>
          {found.openComplaint && (
            <p className="notice" role="note">
              {t('willBeLinked', { id: found.openComplaint.complaintId })}{' '}
              <a href={`#/complaints/${found.openComplaint.complaintId}`}>{found.openComplaint.complaintId}</a>
            </p>
          )}
        </section>
      )}
      {text('description', t('description'), true)}
      {text('customerRequirements', t('requirements'), true)}
      {text('contactName', t('contactName'))}
      {found?.customer && found.customer.contacts.length > 0 && (
        <p className="choices">
          {found.customer.contacts.slice(0, 5).map((c) => (
            <button type="button" key={`${c.name}-${c.phone ?? c.email}`} onClick={() => setForm({ ...form, contactName: c.name, contactPhone: c.phone ?? form.contactPhone })}>
              {c.name}{c.role ? `, ${c.role}` : ''}
            </button>
          ))}
        </p>
      )}
      {text('contactPhone', t('contactPhone'))}
      {text('preferredVisitTime', t('preferredVisitTime'))}
      <Field id="new-urgency" label={t('urgency')} error={fieldError(error, 'body.urgency')}>
        {(p) => <select {...p} value={form.urgency} onChange={(e) => setForm({ ...form, urgency: e.target.value })}>{URGENCIES.map((u) => <option key={u} value={u}>{label(u)}</option>)}</select>}
      </Field>
      <Field id="new-category" label={t('category')} error={fieldError(error, 'body.category')}>
        {(p) => <select {...p} value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })}>{CATEGORIES.map((c) => <option key={c} value={c}>{label(c)}</option>)}</select>}
      </Field>
      {other && <Problem error={error!} detail={other} />}
      <div className="actions">
        <button type="submit" disabled={busy || looking || !intake}>{busy ? t('saving') : found ? t('create') : t('lookUpFirst')}</button>
      </div>
    </form>
  );
}
