import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { asCsv } from '../../shared/services/report-files.ts';
import { customerStatusReport } from '../../shared/services/reports.ts';

export const handler = staffHandler('GetCustomerStatusReport', async ({ query }) => {
  const report = await customerStatusReport(query, new Date());
  if (query.format !== 'csv') return { body: report };
  // One customer's CSV is its list of complaints (done / in progress), a part at a time.
  return asCsv(report.complaints ? { ...report, report: `customer-status-${query.customer}`, columns: report.complaints.columns, rows: report.complaints.items, next: report.complaints.next } : report);
});
