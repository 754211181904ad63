import { useState } from 'react';
import { apiPublic, fieldError, type ApiError } from '../api.ts';
import { useT } from '../i18n.ts';
import type { ActionLinkAnswer, LinkDocumentsAnswer } from '../types.ts';
import { Loaded, useLoad } from './Loadable.tsx';

/** What a signed link is for, read from its token (the API checks the signature; this only picks the page). */
function purposeOf(token: string): string | undefined {
  try {
    const payload = token.split('.')[2] ?? '';
    return (JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { p?: string }).p;
  } catch {
    return undefined;
  }
}

/**
 * The page SMS and email links open, without sign-in: `/action#<token>` (after #, so no server
 * logs the token). The salesperson confirms or sends back a response; the customer downloads the
 * response's documents or rates the handling.
 */
export default function ActionPage() {
  const t = useT();
  const token = location.hash.replace(/^#/, '');
  const purpose = purposeOf(token);
  return (
    <main>
      {purpose === 'SALES_CONFIRMATION' ? <SalesDecision token={token} />
        : purpose === 'RESPONSE_DOCUMENTS' ? <Documents token={token} />
          : purpose === 'SATISFACTION' ? <Satisfaction token={token} />
            : <p className="error" role="alert">{t('linkExpired')}</p>}
    </main>
  );
}

const linkProblem = (error: ApiError | undefined, t: ReturnType<typeof useT>) =>
  !error ? undefined : error.status === 410 || error.status === 401 || error.status === 400 ? t('linkExpired') : error.status === 409 ? t('linkUsed') : t('failed', { reason: error.message });

function SalesDecision({ token }: { token: string }) {
  const t = useT();
  const link = useLoad(() => apiPublic<ActionLinkAnswer>('/action-links/inspect', { token }), [token]);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [done, setDone] = useState<string | undefined>();
  if (link.error) return <p className="error" role="alert">{linkProblem(link.error, t)}</p>;
  async function decide(decision: 'CONFIRM' | 'REJECT', view: ActionLinkAnswer) {
    setError(undefined);
    try {
      await apiPublic('/action-links/sales-decision', decision === 'CONFIRM'
        ? { token, decision, contentHash: view.response.contentHash, ...(comment.trim() ? { comment } : {}) }
        : { token, decision, comment });
      setDone(t(decision === 'CONFIRM' ? 'confirmed' : 'rejected', { id: view.complaint.complaintId }));
    } catch (e) {
      setError(e as ApiError);
    }
  }
  const commentError = fieldError(error, 'body.comment');
  return (
    <Loaded state={link}>
      {(view) => (
        <>
          <h1>{t('linkTitle', { id: view.complaint.complaintId })}</h1>
          <p>{view.complaint.customerName} · {view.complaint.productName}</p>
          {done ? <p className="notice" role="status">{done}</p> : (
            <div className="review">
              <h2>{t('revision', { n: view.response.revision })}</h2>
              <pre className="response-text">{view.response.text}</pre>
              <h2>{t('documents')}</h2>
              <ul>{view.response.documents.map((d) => <li key={d.sha256}><a href={d.url} target="_blank" rel="noreferrer">{d.name}</a></li>)}</ul>
              <label htmlFor="link-comment">{t('comment')}</label>
              <textarea id="link-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)}
                aria-invalid={commentError ? true : undefined} aria-describedby={commentError ? 'link-comment-error' : undefined} />
              {commentError && <p id="link-comment-error" className="error field-error">{commentError}</p>}
              {error && !commentError && <p className="error" role="alert">{linkProblem(error, t)}</p>}
              <div className="actions">
                <button type="button" onClick={() => void decide('CONFIRM', view)}>{t('confirm')}</button>
                <button type="button" onClick={() => void decide('REJECT', view)}>{t('reject')}</button>
              </div>
            </div>
          )}
        </>
      )}
    </Loaded>
  );
}

function Documents({ token }: { token: string }) {
  const t = useT();
  const docs = useLoad(() => apiPublic<LinkDocumentsAnswer>('/action-links/response-documents', { token }), [token]);
  if (docs.error) return <p className="error" role="alert">{linkProblem(docs.error, t)}</p>;
  return (
    <Loaded state={docs}>
      {(view) => (
        <>
          <h1>{t('linkTitle', { id: view.complaintId })}</h1>
          <h2>{t('linkDocuments')}</h2>
          <ul>{view.documents.map((d) => <li key={d.sha256}><a href={d.url} target="_blank" rel="noreferrer">{d.name}</a></li>)}</ul>
        </>
      )}
    </Loaded>
  );
}

function Satisfaction({ token }: { token: string }) {
  const t = useT();
  const [rating, setRating] = useState<number | undefined>();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [done, setDone] = useState(false);
  if (done) return <p className="notice" role="status">{t('thanks')}</p>;
  async function send() {
    setError(undefined);
    try {
      await apiPublic('/action-links/satisfaction', { token, rating, ...(comment.trim() ? { comment } : {}) });
      setDone(true);
    } catch (e) {
      setError(e as ApiError);
    }
  }
  const ratingError = fieldError(error, 'body.rating');
  return (
    <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void send(); }}>
      <fieldset aria-describedby={ratingError ? 'rating-error' : undefined}>
        <legend>{t('rating')}</legend>
        <div className="actions">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n}><input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} /> {n}</label>
          ))}
        </div>
      </fieldset>
      {ratingError && <p id="rating-error" className="error field-error">{ratingError}</p>}
      <label htmlFor="satisfaction-comment">{t('comment')}</label>
      <textarea id="satisfaction-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      {error && !ratingError && <p className="error" role="alert">{linkProblem(error, t)}</p>}
      <div className="actions"><button type="submit">{t('send')}</button></div>
    </form>
  );
}
