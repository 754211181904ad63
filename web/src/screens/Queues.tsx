import { apiGet } from '../api.ts';
import { currentSession } from '../auth.ts';
import { dateTime, useLocale, useT } from '../i18n.ts';
import { grantFor, type StaffRouteId } from '../../../shared/api/access.ts';
import type { Role } from '../../../shared/domain/model.ts';
import type { Page, TaskRow } from '../types.ts';
import { ComplaintQueue } from './Complaints.tsx';
import { Loaded, useLoad } from './Loadable.tsx';
import { SlaClock } from './Sla.tsx';

/**
 * The work queues beyond the open complaints, each shown to the roles the access matrix lets
 * read it: complaints at risk of missing their deadline, overdue tasks, follow-up calls due.
 */
export default function Queues() {
  const t = useT();
  const roles = currentSession()?.roles ?? [];
  const may = (route: StaffRouteId) => grantFor(route, roles as Role[]) !== undefined;
  return (
    <main>
      <h1>{t('queues')}</h1>
      {may('ListSlaRisk') && (
        <section aria-labelledby="risk-heading">
          <h2 id="risk-heading">{t('slaRisk')}</h2>
          <ComplaintQueue path="/queues/sla-risk" empty={t('noSlaRisk')} />
        </section>
      )}
      {may('ListOverdueTasks') && (
        <section aria-labelledby="overdue-heading">
          <h2 id="overdue-heading">{t('overdueTaskQueue')}</h2>
          <OverdueTasks />
        </section>
      )}
      {may('ListFollowUpsDue') && (
        <section aria-labelledby="follow-ups-heading">
          <h2 id="follow-ups-heading">{t('followUpsDue')}</h2>
          <ComplaintQueue path="/queues/follow-ups" empty={t('noFollowUps')} />
        </section>
      )}
    </main>
  );
}

function OverdueTasks() {
  const t = useT();
  const locale = useLocale();
  const tasks = useLoad(() => apiGet<Page<TaskRow>>('/queues/overdue-tasks?limit=100'), []);
  return (
    <Loaded state={tasks}>
      {(page) => page.items.length === 0 ? <p className="empty">{t('noOverdueTasks')}</p> : (
        <table>
          <thead><tr><th scope="col">{t('complaint')}</th><th scope="col">{t('task')}</th><th scope="col">{t('assignee')}</th><th scope="col">{t('due')}</th><th scope="col">{t('sla')}</th></tr></thead>
          <tbody>{page.items.map((r) => (
            <tr key={`${r.complaintId}-${r.taskId}`}>
              <td><a href={`#/complaints/${r.complaintId}`}>{r.complaintId}</a></td><td>{r.taskId} {r.title}</td><td>{r.assigneeId}</td>
              <td>{dateTime(r.dueAt, locale)}</td><td><SlaClock dueAt={r.dueAt} /></td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </Loaded>
  );
}
