import type { z } from 'zod';
import type {
  CustomerStatusReportQuery, PreventiveMeasuresReportQuery, SlaComplianceReportQuery, TaskProgressReportQuery,
} from '../api/contract.ts';
import { invalidField, notFound } from '../domain/errors.ts';
import { monthOf, type ComplaintFacts, type ComplaintView } from '../domain/projections.ts';
import {
  assigneeProgressColumns, assigneeProgressRow, complaintProgressColumns, complaintProgressRow, customerComplaintColumns, customerComplaintRow,
  customerStatusColumns, customerStatusRow, monthsOf, preventiveMeasureColumns, preventiveMeasureRows, slaComplianceColumns, slaComplianceRows,
  type CustomerComplaintRow,
} from '../domain/reports.ts';
import { readRules } from './rules.ts';
import { counterRows, counterRowsByKey, cursorAfter, customerExists, queryIndexPage, withoutKeys } from '../store/queues.ts';

/**
 * The four reports (issue 10). Counts come from the report counters the projection consumer
 * moves with every change (one small item per month and row); lists come from the month
 * partitions of the complaint views. So a report reads what it shows and never more: its cost
 * follows the period and the page, not how many complaints the table holds.
 */
export interface Report<Row> {
  report: string;
  period: { from: string; to: string };
  /** The CSV's columns, in order (the row fields). */
  columns: readonly string[];
  rows: Row[];
  next?: string;
}

type Period = { from: string; to: string; limit: number; cursor?: string };

/**
 * The report's months: as asked, or the current month in the company calendar's zone (months are
 * counted there). A `from` alone that is after the current month, or more than 24 months before
 * it, is refused like an explicit pair would be.
 */
async function periodOf<Q extends { from?: string; to?: string }>(q: Q, now: Date): Promise<Q & { from: string; to: string }> {
  if (q.from && q.to) return q as Q & { from: string; to: string };
  const { rules } = await readRules();
  const to = q.to ?? monthOf(now.toISOString(), rules.calendar.timeZone);
  const from = q.from ?? to;
  const span = monthsOf(from, to).length;
  if (span === 0) throw invalidField('query.to', 'must not be before from (to defaults to the current month)');
  if (span > 24) throw invalidField('query.to', 'a report covers at most 24 months');
  return { ...q, from, to };
}

/**
 * Rows of a counter report over several months, merged by row key, a page of `limit` keys at a
 * time. Each month is read from after the cursor's key; the first `limit` keys of the union are
 * complete, because a month that filled its page holds `limit` keys up to its last one.
 */
async function mergedCounterRows(report: string, q: Period, prefix: string) {
  const after = q.cursor ? rowCursor(q.cursor, prefix) : undefined;
  const perMonth = await Promise.all(monthsOf(q.from, q.to).map((m) => counterRows(report, m, { after, limit: q.limit })));
  const byKey = new Map<string, Record<string, unknown>[]>();
  for (const item of perMonth.flat()) {
    const k = String(item.SK);
    byKey.set(k, [...(byKey.get(k) ?? []), item]);
  }
  const keys = [...byKey.keys()].sort();
  const taken = keys.slice(0, q.limit);
  const more = keys.length > q.limit || perMonth.some((rows) => rows.length === q.limit);
  return {
    groups: taken.map((k) => ({ key: k, rows: byKey.get(k)! })),
    next: more && taken.length ? Buffer.from(JSON.stringify({ after: taken.at(-1) }), 'utf8').toString('base64url') : undefined,
  };
}

function rowCursor(cursor: string, prefix: string): string {
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'string' && after.startsWith(prefix) && after.length <= 200) return after;
  } catch { /* refused below */ }
  throw invalidField('query.cursor', 'not a cursor this report returned');
}

type WithFacts = ComplaintView & { complaint: ComplaintFacts };
const views = (items: Record<string, unknown>[]) =>
  items.map((i) => withoutKeys<ComplaintView>(i)!).filter((v): v is WithFacts => Boolean(v.complaint));

/** Complaint status per customer: received, done, in progress; for one customer also its complaints. */
export async function customerStatusReport(query: z.infer<typeof CustomerStatusReportQuery>, now: Date): Promise<Report<ReturnType<typeof customerStatusRow>> & { complaints?: { columns: readonly string[]; items: CustomerComplaintRow[]; next?: string } }> {
  const q = await periodOf(query, now);
  const period = { from: q.from, to: q.to };
  const base = { report: 'customer-status', period, columns: customerStatusColumns };
  if (!q.customer) {
    const { groups, next } = await mergedCounterRows('CUSTOMER_STATUS', q, 'CUSTOMER#');
    // A row whose counts all moved elsewhere (a reclassification to another month) is left out.
    return { ...base, rows: groups.map((g) => customerStatusRow(g.key.slice('CUSTOMER#'.length), g.rows)).filter((r) => r.received > 0), next };
  }
  if (!await customerExists(q.customer)) throw notFound('customer', q.customer);
  const months = monthsOf(q.from, q.to);
  const row = customerStatusRow(q.customer, await counterRowsByKey('CUSTOMER_STATUS', months, `CUSTOMER#${q.customer}`));
  // The customer's complaints of the period, newest first. Months are counted in each complaint's
  // business calendar; the key range is a day wider on each side and the rows are kept by month.
  const from = new Date(Date.parse(`${q.from}-01T00:00:00Z`) - 86_400_000).toISOString();
  const [ty, tm] = q.to.split('-').map(Number) as [number, number];
  const to = `${new Date(Date.UTC(ty, tm, 1) + 86_400_000).toISOString()}~`;
  const page = await queryIndexPage({
    index: 'byCustomer', partitions: [`CUSTOMER#${q.customer}`], newestFirst: true, range: { from, to }, limit: Math.min(q.limit, 250), cursor: q.cursor,
  });
  const items = views(page.items).filter((v) => months.includes(monthOf(v.complaint.receivedAt, v.complaint.timeZone))).map((v) => customerComplaintRow(v.complaint));
  return {
    ...base, rows: row.received > 0 ? [row] : [],
    complaints: { columns: customerComplaintColumns, items, next: page.next },
  };
}

/** Complaints received in the period, one page of complaints at a time (at most 250). */
async function periodViews(q: Period) {
  const request = { index: 'byPeriod' as const, partitions: monthsOf(q.from, q.to).map((m) => `RECEIVED#${m}`), limit: Math.min(q.limit, 250), cursor: q.cursor };
  const page = await queryIndexPage(request);
  return { request, items: page.items, views: views(page.items), next: page.next };
}

/**
 * At most this many rows in one answer: with up to 20 actions a complaint and texts of up to 300
 * characters (3 bytes each in Chinese), about 2.5 MB, well within Lambda's 6 MB response.
 */
const MAX_MEASURE_ROWS = 1000;

/** Per complaint: root cause, each preventive action, its status, verified, fed back to the customer (and when). */
export async function preventiveMeasuresReport(query: z.infer<typeof PreventiveMeasuresReportQuery>, now: Date) {
  const q = await periodOf(query, now);
  const { request, items, next } = await periodViews(q);
  const rows: ReturnType<typeof preventiveMeasureRows> = [];
  let cut: string | undefined;
  for (const item of items) {
    const view = withoutKeys<ComplaintView>(item)!;
    if (!view.complaint) continue;
    const more = preventiveMeasureRows(view as WithFacts);
    // Whole complaints only: the page ends before the one that would pass the row limit.
    if (rows.length > 0 && rows.length + more.length > MAX_MEASURE_ROWS) { cut = cursorAfter(request, items[items.indexOf(item) - 1]!); break; }
    rows.push(...more);
  }
  return { report: 'preventive-measures', period: { from: q.from, to: q.to }, columns: preventiveMeasureColumns, rows, next: cut ?? next };
}

/** Task progress per assignee (tasks due in the period) or per complaint (received in the period). */
export async function taskProgressReport(query: z.infer<typeof TaskProgressReportQuery>, now: Date) {
  const q = await periodOf(query, now);
  const period = { from: q.from, to: q.to };
  if (q.by === 'assignee') {
    const { groups, next } = await mergedCounterRows('TASKS', q, 'ASSIGNEE#');
    return { report: 'task-progress', period, columns: assigneeProgressColumns, rows: groups.map((g) => assigneeProgressRow(g.key.slice('ASSIGNEE#'.length), g.rows)).filter((r) => r.tasks > 0), next };
  }
  const { views: page, next } = await periodViews(q);
  return { report: 'task-progress', period, columns: complaintProgressColumns, rows: page.map(complaintProgressRow), next };
}

/** SLA compliance per month, category and urgency (and each month's total), with satisfaction. */
export async function slaComplianceReport(query: z.infer<typeof SlaComplianceReportQuery>, now: Date) {
  const q = await periodOf(query, now);
  const months = monthsOf(q.from, q.to);
  // At most 5 categories × 2 urgencies a month: every month is one short Query.
  const perMonth = await Promise.all(months.map((m) => counterRows('SLA', m, { limit: 100 })));
  return {
    report: 'sla-compliance', period: { from: q.from, to: q.to }, columns: slaComplianceColumns,
    rows: months.flatMap((m, i) => slaComplianceRows(m, perMonth[i]!)),
  };
}
