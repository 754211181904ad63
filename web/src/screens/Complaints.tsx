import { useState } from 'react';
import { apiGet } from '../api.ts';
import { dateTime, useLabel, useLocale, useT } from '../i18n.ts';
import type { Page, QueueRow } from '../types.ts';
import { Loaded, useLoad } from './Loadable.tsx';
import { SlaClock } from './Sla.tsx';

/** The open complaints (GET /queues/open-complaints), URGENT first, a page at a time. */
export function Complaints() {
  const t = useT();
  return (
    <main>
      <h1>{t('openComplaints')}</h1>
      <ComplaintQueue path="/queues/open-complaints" empty={t('noOpenComplaints')} />
    </main>
  );
}

/** A queue of complaints (any GET /queues/… of complaint rows), 25 at a time with "show more", its empty state said in words. */
export function ComplaintQueue({ path, empty }: { path: string; empty: string }) {
  const t = useT();
  const locale = useLocale();
  const label = useLabel();
  const [pages, setPages] = useState<Page<QueueRow>[]>([]);
  const join = path.includes('?') ? '&' : '?';
  const first = useLoad(() => { setPages([]); return apiGet<Page<QueueRow>>(`${path}${join}limit=25`); }, [path]);
  const more = async (cursor: string) => setPages([...pages, await apiGet<Page<QueueRow>>(`${path}${join}limit=25&cursor=${encodeURIComponent(cursor)}`)]);
  return (
    <Loaded state={first}>
      {(page) => {
        const all = [page, ...pages];
        const rows = all.flatMap((p) => p.items);
        const next = all.at(-1)?.next;
        if (rows.length === 0) return <p className="empty">{empty}</p>;
        return (
          <>
            <table>
              <thead>
                <tr><th scope="col">{t('complaint')}</th><th scope="col">{t('customer')}</th><th scope="col">{t('product')}</th><th scope="col">{t('status')}</th><th scope="col">{t('urgency')}</th><th scope="col">{t('received')}</th><th scope="col">{t('sla')}</th></tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.complaintId}>
                    <td><a href={`#/complaints/${r.complaintId}`}>{r.complaintId}</a></td>
                    <td>{r.customerName}</td>
                    <td>{r.productName}</td>
                    <td>{label(r.status)}</td>
                    <td>{label(r.urgency)}</td>
                    <td>{dateTime(r.receivedAt, locale)}</td>
                    <td><SlaClock dueAt={r.sla.dueAt} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
            {next && <button type="button" onClick={() => void more(next)}>{t('more')}</button>}
          </>
        );
      }}
    </Loaded>
  );
}
