import { apiGet, type ApiError } from '../api.ts';
import { problemText } from './Problem.tsx';
import { dateTime, useLabel, useLocale, useT } from '../i18n.ts';
import type { ComplaintDetailAnswer } from '../types.ts';
import { Loaded, useLoad } from './Loadable.tsx';
import { SlaClock } from './Sla.tsx';
import { PlanForm } from './PlanForm.tsx';
import { EvidenceUpload } from './EvidenceUpload.tsx';
import { CapaForm } from './CapaForm.tsx';
import { RevisionForm } from './RevisionForm.tsx';
import { ReclassifyForm } from './ReclassifyForm.tsx';
import { grantFor } from '../../../shared/api/access.ts';
import type { Role } from '../../../shared/domain/model.ts';
import { currentSession } from '../auth.ts';
import { useState, type ReactNode } from 'react';

/** One complaint for everyone who may read it: status, SLA clock, tasks, attachments, timeline, messages. */
export default function ComplaintPage({ complaintId }: { complaintId: string }) {
  const t = useT();
  const locale = useLocale();
  const label = useLabel();
  const detail = useLoad(() => apiGet<ComplaintDetailAnswer>(`/complaints/${encodeURIComponent(complaintId)}`), [complaintId]);
  const [notice, setNotice] = useState<string | undefined>();
  const [planned, setPlanned] = useState(false);
  const roles = currentSession()?.roles ?? [];
  const mayPlan = roles.includes('QUALITY_MANAGER');
  const me = currentSession()?.personId;
  const [editingCapa, setEditingCapa] = useState(false);
  const mayReclassify = grantFor('ChangeClassification', roles as Role[]) !== undefined;
  const [reclassifying, setReclassifying] = useState(false);
  /** A file opens in a new tab from a 15-minute signed link (GET …/attachments/{id}); the tab is opened at the click, so no pop-up blocker stops it. */
  async function openAttachment(id: string, attachmentId: string) {
    const tab = window.open('', '_blank');
    try {
      const { downloadUrl } = await apiGet<{ downloadUrl: string }>(`/complaints/${encodeURIComponent(id)}/attachments/${attachmentId}`);
      if (tab) tab.location.href = downloadUrl; else location.assign(downloadUrl);
    } catch (error) {
      tab?.close();
      setNotice(problemText(error as ApiError, t));
    }
  }
  return (
    <main>
      <p><a href="#/complaints">{t('back')}</a></p>
      <Loaded state={detail}>
        {({ complaint: c, tasks, attachments, timeline, timelineNext, deliveries, deliveriesNext, capa }) => (
          <>
            <h1>{t('complaint')} {c.complaintId}</h1>
            <dl className="facts">
              <dt>{t('status')}</dt><dd data-testid="status" data-code={c.status}>{label(c.status)}</dd>
              {/* The deadline that counts now, as the queues show it: the plan's until it is submitted, then the resolution's. */}
              <dt>{awaitingPlan(c) ? t('slaPlan') : t('slaResolution')}</dt>
              <dd><SlaClock dueAt={c.status === 'CLOSED' ? undefined : awaitingPlan(c) ? c.planDueAt : c.resolutionDueAt} /></dd>
              <dt>{t('customer')}</dt><dd>{c.customerName} ({c.customerCode})</dd>
              <dt>{t('product')}</dt><dd>{c.productName} {c.serialNumber ?? ''}</dd>
              <dt>{t('document')}</dt><dd>{c.documentNumber}</dd>
              <dt>{t('urgency')}</dt><dd>{label(c.urgency)}</dd>
              <dt>{t('category')}</dt><dd>{label(c.category)}</dd>
              <dt>{t('received')}</dt><dd>{dateTime(c.receivedAt, locale)}</dd>
              <dt>{t('description')}</dt><dd>{c.description}</dd>
              {c.customerRequirements && <><dt>{t('requirements')}</dt><dd>{c.customerRequirements}</dd></>}
            </dl>
            {mayReclassify && c.status !== 'CLOSED' && (reclassifying
              ? <ReclassifyForm complaintId={c.complaintId} urgency={c.urgency} category={c.category} onCancel={() => setReclassifying(false)}
                  onSaved={() => { setReclassifying(false); setNotice(t('reclassified')); detail.reload(); }} />
              : <button type="button" onClick={() => setReclassifying(true)}>{t('reclassify')}</button>)}
            <div role="status">{notice && <p className="notice">{notice}</p>}</div>
            {mayPlan && c.status === 'AWAITING_PLAN' && !planned && (
              <section aria-labelledby="plan-heading">
                <h2 id="plan-heading">{t('plan')}</h2>
                <PlanForm complaintId={c.complaintId} onSubmitted={(count) => { setPlanned(true); setNotice(t('planSubmitted', { count })); detail.reload(); }} />
              </section>
            )}
            <section aria-labelledby="tasks-heading">
              <h2 id="tasks-heading">{t('tasks')}</h2>
              {tasks.length === 0 ? <p className="empty">{t('noTasks')}</p> : (
                <ul>{tasks.map((task) => <li key={task.taskId}>{task.taskId} {task.title} — {task.assigneeId}, {t('due')} {dateTime(task.dueAt, locale)} ({label(task.status)})</li>)}</ul>
              )}
            </section>
            <section aria-labelledby="capa-heading">
              <h2 id="capa-heading">{t('capa')}</h2>
              {!capa.capa ? <p className="empty">{t('noCapa')}</p> : (
                <dl className="facts">
                  <dt>{t('containment')}</dt><dd>{capa.capa.containment}</dd>
                  {capa.capa.rootCause && <><dt>{t('rootCause')}</dt><dd>{label(capa.capa.rootCause.category)}: {capa.capa.rootCause.description}</dd></>}
                  {capa.capa.correctiveAction && <><dt>{t('correctiveAction')}</dt><dd>{capa.capa.correctiveAction}</dd></>}
                  {capa.capa.preventiveActions?.length ? <><dt>{t('preventiveActions')}</dt><dd><ul>{capa.capa.preventiveActions.map((a) => (
                    <li key={a.id}>{a.id} {a.description} — {a.ownerId}, {t('due')} {dateTime(a.dueAt, locale)} ({label(a.status)})</li>
                  ))}</ul></dd></> : null}
                </dl>
              )}
              {(mayPlan || tasks.some((task) => task.investigation && task.assigneeId === me)) && c.status !== 'CLOSED' && (editingCapa
                ? <CapaForm complaintId={c.complaintId} current={capa} onCancel={() => setEditingCapa(false)} onStale={detail.reload}
                    onSaved={() => { setEditingCapa(false); setNotice(t('capaSaved')); detail.reload(); }} />
                : <button type="button" onClick={() => setEditingCapa(true)}>{capa.capa ? t('editCapa') : t('recordCapa')}</button>)}
            </section>
            <section aria-labelledby="response-heading">
              <h2 id="response-heading">{t('response')}</h2>
              {!c.response ? <p className="empty">{t('noResponse')}</p> : (
                <>
                  <p>{t('revision', { n: c.response.revision })}{c.response.decision && <> · {t('decision')}: {label(c.response.decision === 'CONFIRMED' ? 'CONFIRMED_DECISION' : c.response.decision)}{c.response.comment ? ` — ${c.response.comment}` : ''}</>}</p>
                  <pre className="response-text">{c.response.text}</pre>
                </>
              )}
              {mayPlan && c.status === 'REVISION_REQUESTED' && c.response && (
                <RevisionForm complaintId={c.complaintId} text={c.response.text} onSaved={(n) => { setNotice(t('revisionSent', { n })); detail.reload(); }} />
              )}
            </section>
            <section aria-labelledby="attachments-heading">
              <h2 id="attachments-heading">{t('attachments')}</h2>
              {attachments.length === 0 ? <p className="empty">{t('noAttachments')}</p> : (
                <ul>{attachments.map((a) => (
                  <li key={a.attachmentId}>
                    {a.fileName} ({a.contentType}, {label(a.status)}){' '}
                    {a.status === 'UPLOADED' && <button type="button" onClick={() => void openAttachment(c.complaintId, a.attachmentId)}>{t('openFile', { name: a.fileName })}</button>}
                  </li>
                ))}</ul>
              )}
              {c.status !== 'CLOSED' && <EvidenceUpload complaintId={c.complaintId} onUploaded={detail.reload} />}
            </section>
            <section aria-labelledby="timeline-heading">
              <h2 id="timeline-heading">{t('timeline')}</h2>
              <MoreOf first={timeline} next={timelineNext} path={`/complaints/${encodeURIComponent(c.complaintId)}/timeline`}>
                {(entries) => <ol className="timeline">{entries.map((e, i) => <li key={`${e.at}-${i}`} data-code={e.type}><time dateTime={e.at}>{dateTime(e.at, locale)}</time> {label(e.type)} — {e.actor}{said(e.detail)}</li>)}</ol>}
              </MoreOf>
            </section>
            <section aria-labelledby="messages-heading">
              <h2 id="messages-heading">{t('messages')}</h2>
              {deliveries.length === 0 ? <p className="empty">{t('noMessages')}</p> : (
                <MoreOf first={deliveries} next={deliveriesNext} path={`/complaints/${encodeURIComponent(c.complaintId)}/deliveries`}>
                  {(messages) => <ul>{messages.map((d, i) => <li key={`${d.event}-${d.recipientId}-${d.channel}-${i}`}>{d.channel} → {d.recipientId}: {d.subject} ({d.status})</li>)}</ul>}
                </MoreOf>
              )}
            </section>
          </>
        )}
      </Loaded>
    </main>
  );
}

const awaitingPlan = (c: { status: string; planDueAt?: string }) => ['RECEIVED', 'CLASSIFIED', 'AWAITING_PLAN'].includes(c.status) && Boolean(c.planDueAt);

/** What a person said or decided on a timeline entry (a sales comment, a reason, a revision), if anything. */
function said(detail: Record<string, unknown> | undefined): string {
  const parts = ['revision', 'taskId', 'comment', 'reason', 'notes'].flatMap((k) => (typeof detail?.[k] === 'string' || typeof detail?.[k] === 'number' ? [String(detail[k])] : []));
  return parts.length ? `: ${parts.join(' · ')}` : '';
}

/** A list that continues on further pages of its route (?cursor=): the first page as given, then "show more". */
function MoreOf<T>({ first, next, path, children }: { first: T[]; next?: string; path: string; children: (items: T[]) => ReactNode }) {
  const t = useT();
  const [more, setMore] = useState<{ items: T[]; next?: string }>({ items: [], next });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  async function load(cursor: string) {
    setBusy(true);
    setError(undefined);
    try {
      const page = await apiGet<{ items: T[]; next?: string }>(`${path}?cursor=${encodeURIComponent(cursor)}`);
      setMore({ items: [...more.items, ...page.items], next: page.next });
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      {children([...first, ...more.items])}
      {error && <p className="error" role="alert">{problemText(error, t)}</p>}
      {more.next && <button type="button" disabled={busy} onClick={() => void load(more.next!)}>{busy ? t('loading') : t('more')}</button>}
    </>
  );
}
