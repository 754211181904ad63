import { useMemo, useState } from 'react';
import { apiGet, downloadCsv, type ApiError } from '../api.ts';
import { useT } from '../i18n.ts';
import type { CustomerStatusAnswer, SlaComplianceAnswer } from '../types.ts';
import { BarChart } from './BarChart.tsx';
import { Loaded, useLoad } from './Loadable.tsx';

/** The managers' reports (the API's period: whole months, this month by default), each with a chart, its table and a CSV download. */
export default function Reports() {
  const t = useT();
  const sla = useLoad(() => apiGet<SlaComplianceAnswer>('/reports/sla-compliance'), []);
  const customers = useLoad(() => apiGet<CustomerStatusAnswer>('/reports/customer-status?limit=50'), []);
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
        <button type="button" onClick={() => void csv('/reports/customer-status?format=csv&limit=1000', 'customer-status.csv')}>{t('downloadCsv')}</button>
      </section>
    </main>
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
