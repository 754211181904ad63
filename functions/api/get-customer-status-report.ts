import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { asCsv } from '../../shared/services/report-files.ts';
import { customerStatusReport } from '../../shared/services/reports.ts';

export const handler = staffHandler('GetCustomerStatusReport', async ({ query }) => {
  const report = await customerStatusReport(query, new Date());
  return query.format === 'csv' ? asCsv(report) : { body: report };
});
