import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { asCsv } from '../../shared/services/report-files.ts';
import { taskProgressReport } from '../../shared/services/reports.ts';

export const handler = staffHandler('GetTaskProgressReport', async ({ query }) => {
  const report = await taskProgressReport(query, new Date());
  return query.format === 'csv' ? asCsv(report) : { body: report };
});
