import { useState, type FormEvent } from 'react';
import { apiSend, fieldError, type ApiError } from '../api.ts';
import { useT } from '../i18n.ts';
import { Field } from './Field.tsx';
import { Problem } from './Problem.tsx';

/**
 * The quality manager's new revision of the response after sales sent it back (PUT …/response):
 * the text, starting from the revision sent back; the documents in the customer's format are
 * made again from it and go to sales for confirmation.
 */
export function RevisionForm({ complaintId, text, onSaved }: { complaintId: string; text: string; onSaved: (revision: number) => void }) {
  const t = useT();
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const saved = await apiSend<{ revision: number }>('PUT', `/complaints/${encodeURIComponent(complaintId)}/response`, { text: draft });
      onSaved(saved.revision);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }
  const problem = fieldError(error, 'body.text');
  return (
    <form onSubmit={submit} className="inline-form" aria-label={t('reviseResponse')}>
      <Field id="revision-text" label={t('responseText')} error={problem}>
        {(p) => <textarea {...p} rows={8} value={draft} onChange={(e) => setDraft(e.target.value)} />}
      </Field>
      {error && !problem && <Problem error={error} />}
      <div className="actions"><button type="submit" disabled={busy}>{busy ? t('saving') : t('sendRevision')}</button></div>
    </form>
  );
}
