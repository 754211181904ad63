import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { asCsv } from '../../shared/services/report-files.ts';
import { slaComplianceReport } from '../../shared/services/reports.ts';

export const handler = staffHandler('GetSlaComplianceReport', async ({ query }) => {
  const report = await slaComplianceReport(query, new Date());
  return query.format === 'csv' ? asCsv(report) : { body: report };
});
