import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { asCsv } from '../../shared/services/report-files.ts';
import { preventiveMeasuresReport } from '../../shared/services/reports.ts';

export const handler = staffHandler('GetPreventiveMeasuresReport', async ({ query }) => {
  const report = await preventiveMeasuresReport(query, new Date());
  return query.format === 'csv' ? asCsv(report) : { body: report };
});
