import { useEffect, useState } from 'react';
import { apiGet, type ApiError } from '../api.ts';
import { dateTime, useLabel, useLocale, useT } from '../i18n.ts';
import type { CurrentCallAnswer, PoppedCall } from '../types.ts';
import { NewComplaint, type ComplaintStart } from './NewComplaint.tsx';

/** How often the desk asks for the call at the agent's extension (README: why short polling); less often while the tab is hidden. */
export const CALL_POLL_MS = 3000;
const HIDDEN_POLL_MS = 15_000;

/**
 * Asks GET /calls/current every few seconds while the tab is visible, every 15 s while it is
 * hidden behind other work (then a new call also shows in the tab's title), and at once when it
 * is shown again. Stops when the API refuses (403: not a desk role; 401 ends the session). The
 * last call seen stays on screen after it ends: the agent is still writing up what was said.
 */
function useCurrentCall() {
  const [state, setState] = useState<{ extension?: string | null; call?: PoppedCall; live: boolean; failure?: ApiError }>({ live: false });
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let asking = false;
    const ask = async () => {
      clearTimeout(timer);
      if (asking) return; // one request at a time: answers never apply out of order
      asking = true;
      try {
        const answer = await apiGet<CurrentCallAnswer>('/calls/current');
        if (stopped) return;
        setState((s) => ({
          extension: answer.extension,
          call: answer.call ? (s.call?.callId === answer.call.callId && s.call.event === answer.call.event ? s.call : answer.call) : s.call,
          live: Boolean(answer.call),
        }));
      } catch (error) {
        if (stopped) return;
        setState((s) => ({ ...s, failure: error as ApiError }));
        if ((error as ApiError).status === 401 || (error as ApiError).status === 403) { stopped = true; return; }
      } finally {
        asking = false;
      }
      if (!stopped) timer = setTimeout(ask, document.visibilityState === 'visible' ? CALL_POLL_MS : HIDDEN_POLL_MS);
    };
    const onVisible = () => { if (document.visibilityState === 'visible') void ask(); };
    document.addEventListener('visibilitychange', onVisible);
    void ask();
    return () => { stopped = true; clearTimeout(timer); document.removeEventListener('visibilitychange', onVisible); };
  }, []);
  return { ...state, dismiss: () => setState((s) => ({ ...s, call: undefined })) };
}

/**
 * The service agent's desk: the caller pops up by themselves while the phone rings (customer,
 * recent deliveries with warranty, open and recent complaints), and a new complaint is made
 * from a delivery in one click or from any document number.
 */
export default function AgentDesk() {
  const t = useT();
  const label = useLabel();
  const locale = useLocale();
  const desk = useCurrentCall();
  const call = desk.call;
  const who = call ? (call.customers ?? []).map((c) => c.customer.name).join(', ') || t('noCustomerForNumber') : '';
  // A call arriving while the console is behind other windows shows in the tab's title until it is looked at.
  useEffect(() => {
    if (!call || !desk.live || document.visibilityState === 'visible') return;
    const title = document.title;
    document.title = `☎ ${call.phone ?? t('withheld')} — ${title}`;
    const restore = () => { if (document.visibilityState === 'visible') document.title = title; };
    document.addEventListener('visibilitychange', restore);
    return () => { document.removeEventListener('visibilitychange', restore); document.title = title; };
  }, [call?.callId, desk.live]); // eslint-disable-line react-hooks/exhaustive-deps
  const [start, setStart] = useState<{ key: number; value: ComplaintStart }>({ key: 0, value: {} });
  const begin = (value: ComplaintStart) => setStart({ key: start.key + 1, value });
  return (
    <main>
      <h1>{t('agentDesk')}</h1>
      <p role="status" className="desk-status">
        {desk.extension === undefined ? t('loading')
          : desk.extension === null ? t('noExtension')
            : desk.live ? t('onExtension', { extension: desk.extension }) : t('waitingForCalls', { extension: desk.extension })}
        {desk.failure && <> {t('callCheckFailed', { reason: desk.failure.status === 403 ? t('forbidden') : desk.failure.message })}</>}
      </p>
      {/* One live region, always present: a new call is announced in a sentence, not read out table by table. */}
      <p className="visually-hidden" aria-live="assertive">{call && desk.live && call.event === 'RINGING' ? t('incomingCallAnnouncement', { phone: call.phone ?? t('withheld'), who }) : ''}</p>
      {call && (
        <section className="call-pop" aria-labelledby="call-heading" data-testid="call-pop" data-call-id={call.callId}>
          <h2 id="call-heading">
            {!desk.live ? t('callEnded', { phone: call.phone ?? t('withheld') })
              : call.event === 'RINGING' ? t('callRinging', { phone: call.phone ?? t('withheld') }) : t('callAnswered', { phone: call.phone ?? t('withheld') })}
          </h2>
          {(call.customers ?? []).length === 0 && <p>{t('noCustomerForNumber')}</p>}
          {(call.customers ?? []).map(({ customer, recentDocuments, openComplaints, recentComplaints }) => {
            const contact = customer.contacts.find((c) => c.phone === call.phone);
            return (
              <article key={customer.code} aria-labelledby={`customer-${customer.code}`}>
                <h3 id={`customer-${customer.code}`}>{customer.name} ({customer.code})</h3>
                {contact && <p>{t('callerIs', { name: contact.name })}{contact.role ? `, ${contact.role}` : ''}</p>}
                <h4>{t('recentDeliveries')}</h4>
                {recentDocuments.length === 0 ? <p className="empty">{t('noDeliveries')}</p> : (
                  <table>
                    <thead><tr><th scope="col">{t('document')}</th><th scope="col">{t('product')}</th><th scope="col">{t('shipped')}</th><th scope="col">{t('warranty')}</th><th scope="col"><span className="visually-hidden">{t('actions')}</span></th></tr></thead>
                    <tbody>
                      {recentDocuments.map((d) => (
                        <tr key={d.number}>
                          <td>{d.number}</td><td>{d.productName}</td><td>{d.shipDate}</td><td>{label(d.warranty)}</td>
                          <td>
                            <button type="button" onClick={() => begin({ documentNumber: d.number, callId: call.callId, contactName: contact?.name, contactPhone: contact?.phone ?? call.phone ?? undefined })}>
                              {t('complaintAbout', { n: d.number })}
                            </button>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                <h4>{t('openComplaints')}</h4>
                {openComplaints.length === 0 ? <p className="empty">{t('none')}</p> : (
                  <ul>{openComplaints.map((c) => <li key={c.complaintId}><a href={`#/complaints/${c.complaintId}`}>{c.complaintId}</a> {c.productName} · {label(c.status)} · {label(c.slaState)}</li>)}</ul>
                )}
                <h4>{t('recentComplaints')}</h4>
                {recentComplaints.length === 0 ? <p className="empty">{t('none')}</p> : (
                  <ul>{recentComplaints.map((c) => <li key={c.complaintId}><a href={`#/complaints/${c.complaintId}`}>{c.complaintId}</a> {dateTime(c.receivedAt, locale)} · {label(c.status)}</li>)}</ul>
                )}
              </article>
            );
          })}
          <div className="actions">
            {(call.customers ?? []).length === 0 && <button type="button" onClick={() => begin({ callId: call.callId, contactPhone: call.phone ?? undefined })}>{t('newComplaint')}</button>}
            {!desk.live && <button type="button" onClick={desk.dismiss}>{t('closeCall')}</button>}
          </div>
        </section>
      )}
      <NewComplaint key={start.key} start={start.value} onCreated={(id) => { location.hash = `#/complaints/${id}`; }} />
    </main>
  );
}
