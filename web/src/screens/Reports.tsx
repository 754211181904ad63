import { useMemo, useState } from 'react';
import { apiGet, downloadCsv, type ApiError } from '../api.ts';
import { dateTime, useLabel, useLocale, useT } from '../i18n.ts';
import type { CustomerStatusAnswer, PreventiveMeasuresAnswer, SlaComplianceAnswer, TaskProgressAnswer } from '../types.ts';
import { BarChart } from './BarChart.tsx';
import { Problem } from './Problem.tsx';
import { Loaded, useLoad } from './Loadable.tsx';

/** The managers' reports (the API's period: whole months, this month by default), each with a chart, its table and a CSV download. */
export default function Reports() {
  const t = useT();
  const sla = useLoad(() => apiGet<SlaComplianceAnswer>('/reports/sla-compliance'), []);
  const customers = usePages<CustomerStatusAnswer>('/reports/customer-status?limit=50');
  const measures = usePages<PreventiveMeasuresAnswer>('/reports/preventive-measures?limit=100');
  const progress = usePages<TaskProgressAnswer>('/reports/task-progress?by=assignee&limit=50');
  const [csvError, setCsvError] = useState<string | undefined>();
  const csv = (path: string, name: string) => downloadCsv(path, name).catch((e: ApiError) => setCsvError(e.message));
  return (
    <main>
      <h1>{t('reports')}</h1>
      {csvError && <p className="error" role="alert">{t('failed', { reason: csvError })}</p>}
      <section aria-labelledby="sla-heading">
        <h2 id="sla-heading">{t('slaCompliance')}</h2>
        <Loaded state={sla}>{(report) => <SlaReport report={report} />}</Loaded>
        <button type="button" onClick={() => void csv('/reports/sla-compliance?format=csv', 'sla-compliance.csv')}>{t('downloadCsv')}</button>
      </section>
      <section aria-labelledby="customers-heading">
        <h2 id="customers-heading">{t('customerStatus')}</h2>
        <Loaded state={customers}>{(report) => <CustomerReport report={report} />}</Loaded>
        <More pages={customers} />
        <button type="button" onClick={() => void csv('/reports/customer-status?format=csv&limit=1000', 'customer-status.csv')}>{t('downloadCsv')}</button>
      </section>
      <section aria-labelledby="measures-heading">
        <h2 id="measures-heading">{t('preventiveMeasures')}</h2>
        <Loaded state={measures}>{(report) => <MeasuresReport report={report} />}</Loaded>
        <More pages={measures} />
        <button type="button" onClick={() => void csv('/reports/preventive-measures?format=csv&limit=1000', 'preventive-measures.csv')}>{t('downloadCsv')}</button>
      </section>
      <section aria-labelledby="progress-heading">
        <h2 id="progress-heading">{t('taskProgress')}</h2>
        <Loaded state={progress}>{(report) => <ProgressReport report={report} />}</Loaded>
        <More pages={progress} />
        <button type="button" onClick={() => void csv('/reports/task-progress?by=assignee&format=csv&limit=1000', 'task-progress.csv')}>{t('downloadCsv')}</button>
      </section>
    </main>
  );
}

/** A paged report: the first page, then each further page's rows added to it ("show more"). */
function usePages<T extends { rows: unknown[]; next?: string }>(path: string) {
  const [extra, setExtra] = useState<T[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | undefined>();
  const first = useLoad(() => { setExtra([]); return apiGet<T>(path); }, [path]);
  const all = first.data ? [first.data, ...extra] : [];
  const data = first.data ? { ...first.data, rows: all.flatMap((p) => p.rows), next: all.at(-1)?.next } as T : undefined;
  const more = async () => {
    if (!data?.next) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try { setExtra([...extra, await apiGet<T>(`${path}&cursor=${encodeURIComponent(data.next)}`)]); } catch (e) { setMoreError(e as ApiError); } finally { setLoadingMore(false); }
  };
  return { ...first, data, more, loadingMore, moreError };
}

function More({ pages }: { pages: { data?: { next?: string }; more: () => Promise<void>; loadingMore: boolean; moreError?: ApiError } }) {
  const t = useT();
  if (!pages.data?.next) return null;
  return (
    <>
      {pages.moreError && <Problem error={pages.moreError} />}
      <button type="button" disabled={pages.loadingMore} onClick={() => void pages.more()}>{pages.loadingMore ? t('loading') : t('more')}</button>
    </>
  );
}

function SlaReport({ report }: { report: SlaComplianceAnswer }) {
  const t = useT();
  const totals = report.rows.filter((r) => r.category === 'ALL');
  const labels = useMemo(() => totals.map((r) => r.month), [totals]);
  const series = useMemo(() => [
    { label: t('planOnTime'), data: totals.map((r) => r.planOnTimePercent) },
    { label: t('resolutionOnTime'), data: totals.map((r) => r.resolutionOnTimePercent) },
  ], [totals, t]);
  if (totals.every((r) => r.received === 0)) return <p className="empty">{t('noData')}</p>;
  return (
    <>
      <BarChart label={t('chartOf', { what: t('slaCompliance') })} labels={labels} series={series} />
      <table>
        <thead><tr><th scope="col">{t('month')}</th><th scope="col">{t('receivedCount')}</th><th scope="col">{t('planOnTime')}</th><th scope="col">{t('resolutionOnTime')}</th></tr></thead>
        <tbody>{totals.map((r) => <tr key={r.month}><td>{r.month}</td><td>{r.received}</td><td>{r.planOnTimePercent ?? '–'}</td><td>{r.resolutionOnTimePercent ?? '–'}</td></tr>)}</tbody>
      </table>
    </>
  );
}

function CustomerReport({ report }: { report: CustomerStatusAnswer }) {
  const t = useT();
  const labels = useMemo(() => report.rows.map((r) => r.customerName), [report]);
  const series = useMemo(() => [
    { label: t('doneCount'), data: report.rows.map((r) => r.done) },
    { label: t('inProgress'), data: report.rows.map((r) => r.inProgress) },
  ], [report, t]);
  if (report.rows.length === 0) return <p className="empty">{t('noData')}</p>;
  return (
    <>
      <BarChart label={t('chartOf', { what: t('customerStatus') })} labels={labels} series={series} />
      <table>
        <thead><tr><th scope="col">{t('customer')}</th><th scope="col">{t('receivedCount')}</th><th scope="col">{t('doneCount')}</th><th scope="col">{t('inProgress')}</th></tr></thead>
        <tbody>{report.rows.map((r) => <tr key={r.customerCode}><td>{r.customerName} ({r.customerCode})</td><td>{r.received}</td><td>{r.done}</td><td>{r.inProgress}</td></tr>)}</tbody>
      </table>
    </>
  );
}

/** Per complaint and preventive action: root cause, the action, its status, verified, fed back to the customer — and a chart of where the actions stand. */
function MeasuresReport({ report }: { report: PreventiveMeasuresAnswer }) {
  const t = useT();
  const label = useLabel();
  const locale = useLocale();
  const statuses = ['PLANNED', 'IMPLEMENTED', 'VERIFIED'] as const;
  const actions = report.rows.filter((r) => r.actionId);
  const labels = useMemo(() => statuses.map((s) => label(s)), [label]); // eslint-disable-line react-hooks/exhaustive-deps
  const series = useMemo(() => [
    { label: t('preventiveActions'), data: statuses.map((s) => actions.filter((r) => r.actionStatus === s).length) },
    { label: t('fedBack'), data: statuses.map((s) => actions.filter((r) => r.actionStatus === s && r.fedBack === 'yes').length) },
  ], [actions, t]); // eslint-disable-line react-hooks/exhaustive-deps
  if (report.rows.length === 0) return <p className="empty">{t('noData')}</p>;
  const yes = (v: string | null | undefined) => (v === 'yes' ? t('yes') : v === 'no' ? t('no') : '–');
  return (
    <>
      {actions.length > 0 && <BarChart label={t('chartOf', { what: t('preventiveMeasures') })} labels={labels} series={series} />}
      <table>
        <thead><tr>
          <th scope="col">{t('complaint')}</th><th scope="col">{t('customer')}</th><th scope="col">{t('rootCause')}</th><th scope="col">{t('preventiveAction')}</th>
          <th scope="col">{t('status')}</th><th scope="col">{t('verified')}</th><th scope="col">{t('fedBack')}</th>
        </tr></thead>
        <tbody>{report.rows.map((r) => (
          <tr key={`${r.complaintId}-${r.actionId ?? ''}`}>
            <td><a href={`#/complaints/${r.complaintId}`}>{r.complaintId}</a></td><td>{r.customerName}</td>
            <td>{r.rootCauseCategory ? `${label(r.rootCauseCategory)}: ${r.rootCause ?? ''}` : '–'}</td>
            <td>{r.action ?? t('noPreventiveAction')}</td><td>{r.actionStatus ? label(r.actionStatus) : '–'}</td>
            <td>{yes(r.verified)}{r.verifiedAt ? ` (${dateTime(r.verifiedAt, locale)})` : ''}</td>
            <td>{yes(r.fedBack)}{r.fedBackAt ? ` (${dateTime(r.fedBackAt, locale)})` : ''}</td>
          </tr>
        ))}</tbody>
      </table>
    </>
  );
}

/** Tasks per assignee: done (on time), open, overdue. */
function ProgressReport({ report }: { report: TaskProgressAnswer }) {
  const t = useT();
  const rows = report.rows as Extract<TaskProgressAnswer['rows'], { assigneeId: string }[]>;
  const labels = useMemo(() => rows.map((r) => r.assigneeId), [rows]);
  const series = useMemo(() => [
    { label: t('doneOnTime'), data: rows.map((r) => r.doneOnTime) },
    { label: t('openTasks'), data: rows.map((r) => r.open) },
    { label: t('overdueTasks'), data: rows.map((r) => r.overdue) },
  ], [rows, t]);
  if (rows.length === 0) return <p className="empty">{t('noData')}</p>;
  return (
    <>
      <BarChart label={t('chartOf', { what: t('taskProgress') })} labels={labels} series={series} />
      <table>
        <thead><tr><th scope="col">{t('assignee')}</th><th scope="col">{t('tasks')}</th><th scope="col">{t('doneCount')}</th><th scope="col">{t('doneOnTime')}</th><th scope="col">{t('openTasks')}</th><th scope="col">{t('overdueTasks')}</th></tr></thead>
        <tbody>{rows.map((r) => <tr key={r.assigneeId}><td>{r.assigneeId}</td><td>{r.tasks}</td><td>{r.done}</td><td>{r.doneOnTime}</td><td>{r.open}</td><td>{r.overdue}</td></tr>)}</tbody>
      </table>
    </>
  );
}
