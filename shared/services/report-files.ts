import { toCsv } from '../domain/reports.ts';
import type { CsvAnswer } from '../lambda/http-handler.ts';

/** A report as its CSV download: the header row and the rows in the report's column order. */
export function asCsv(report: { report: string; period: { from: string; to: string }; columns: readonly string[]; rows: readonly object[]; next?: string }): CsvAnswer {
  return {
    csv: {
      text: toCsv(report.columns as never[], report.rows),
      fileName: `${report.report}_${report.period.from}_${report.period.to}.csv`,
      next: report.next,
    },
  };
}
