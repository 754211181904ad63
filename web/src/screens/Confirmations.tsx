import { useState } from 'react';
import { apiGet, apiSend, fieldError, type ApiError } from '../api.ts';
import { useT } from '../i18n.ts';
import type { ComplaintDetailAnswer, Page, QueueRow, ResponseDocuments } from '../types.ts';
import { Loaded, useLoad } from './Loadable.tsx';
import { SlaClock } from './Sla.tsx';
import { Problem } from './Problem.tsx';

/**
 * Responses waiting for the salesperson (GET /queues/awaiting-confirmation): read the response
 * and its documents in the customer's format, then confirm (naming exactly what was read, its
 * content hash) or send it back with a comment. Made for a phone.
 */
export default function Confirmations() {
  const t = useT();
  const waiting = useLoad(() => apiGet<Page<QueueRow>>('/queues/awaiting-confirmation?limit=50'), []);
  const [open, setOpen] = useState<string | undefined>();
  const [decided, setDecided] = useState<Record<string, string>>({});
  return (
    <main>
      <h1>{t('awaitingConfirmation')}</h1>
      <div role="status">{Object.values(decided).map((m) => <p key={m} className="notice">{m}</p>)}</div>
      <Loaded state={waiting}>
        {(page) => {
          const rows = page.items.filter((r) => !decided[r.complaintId]);
          if (rows.length === 0) return <p className="empty">{t('noConfirmations')}</p>;
          return (
            <ul className="cards">
              {rows.map((r) => (
                <li key={r.complaintId}>
                  <h2><a href={`#/complaints/${r.complaintId}`}>{r.complaintId}</a> · {r.customerName}</h2>
                  <p>{r.productName} · <SlaClock dueAt={r.sla.dueAt} /></p>
                  {open === r.complaintId
                    ? <Review complaintId={r.complaintId} onDecided={(message) => { setDecided({ ...decided, [r.complaintId]: message }); setOpen(undefined); }} />
                    : <button type="button" onClick={() => setOpen(r.complaintId)}>{t('review')}</button>}
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </main>
  );
}

function Review({ complaintId, onDecided }: { complaintId: string; onDecided: (message: string) => void }) {
  const t = useT();
  const id = encodeURIComponent(complaintId);
  const loaded = useLoad(async () => {
    const [detail, documents] = await Promise.all([
      apiGet<ComplaintDetailAnswer>(`/complaints/${id}`),
      apiGet<ResponseDocuments>(`/complaints/${id}/response/documents`),
    ]);
    return { detail, documents };
  }, [complaintId]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const commentError = fieldError(error, 'body.comment');
  const commentId = `comment-${complaintId}`;

  async function decide(decision: 'CONFIRM' | 'REJECT', revision: number, contentHash?: string) {
    setBusy(true);
    setError(undefined);
    try {
      await apiSend('POST', `/complaints/${id}/sales-decision`, decision === 'CONFIRM'
        ? { decision, revision, contentHash, ...(comment.trim() ? { comment } : {}) }
        : { decision, revision, comment });
      onDecided(t(decision === 'CONFIRM' ? 'confirmed' : 'rejected', { id: complaintId }));
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Loaded state={loaded}>
      {({ detail, documents }) => {
        const response = detail.complaint.response;
        if (!response) return null;
        return (
          <div className="review">
            <h3>{t('revision', { n: response.revision })}</h3>
            <pre className="response-text">{response.text}</pre>
            <h3>{t('documents')}</h3>
            <ul>{documents.documents.map((d) => <li key={d.sha256}><a href={d.url} target="_blank" rel="noreferrer">{d.name}</a></li>)}</ul>
            <label htmlFor={commentId}>{t('comment')}</label>
            <textarea id={commentId} rows={3} value={comment} onChange={(e) => setComment(e.target.value)}
              aria-invalid={commentError ? true : undefined} aria-describedby={commentError ? `${commentId}-error` : undefined} />
            {commentError && <p id={`${commentId}-error`} className="error field-error">{commentError}</p>}
            {error && !commentError && <Problem error={error} />}
            <div className="actions">
              <button type="button" disabled={busy} onClick={() => void decide('CONFIRM', response.revision, documents.contentHash ?? response.contentHash)}>{t('confirm')}</button>
              <button type="button" disabled={busy} onClick={() => void decide('REJECT', response.revision)}>{t('reject')}</button>
            </div>
          </div>
        );
      }}
    </Loaded>
  );
}
