import type { ComplaintView, ComplaintFacts } from './projections.ts';
import { isDone, taskCounts } from './projections.ts';

/**
 * The four reports (issue 10; seed 001 section 4): their rows, built from the projections'
 * counters and views, and the CSV they download as. Every report has a fixed column order,
 * which is the order of its row type's fields here.
 */

/** The months from `from` to `to` (yyyy-mm), inclusive. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return months;
}

/** A share in percent with one decimal, or null when there is nothing to divide by. */
export const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);
const average = (sum: number, n: number, digits = 1) => (n > 0 ? Math.round((sum / n) * 10 ** digits) / 10 ** digits : null);
const num = (row: Record<string, unknown>, name: string) => (typeof row[name] === 'number' ? (row[name] as number) : 0);

export const customerStatusColumns = ['customerCode', 'customerName', 'received', 'done', 'inProgress'] as const;
export interface CustomerStatusRow { customerCode: string; customerName: string; received: number; done: number; inProgress: number }

/** Sum one customer's month rows (counter items) into its report row. */
export function customerStatusRow(code: string, monthRows: readonly Record<string, unknown>[]): CustomerStatusRow {
  return {
    customerCode: code,
    customerName: String(monthRows.find((r) => r.customerName)?.customerName ?? ''),
    received: monthRows.reduce((n, r) => n + num(r, 'received'), 0),
    done: monthRows.reduce((n, r) => n + num(r, 'done'), 0),
    inProgress: monthRows.reduce((n, r) => n + num(r, 'inProgress'), 0),
  };
}

export const customerComplaintColumns = ['complaintId', 'receivedAt', 'state', 'status', 'category', 'urgency', 'respondedAt', 'closedAt'] as const;
export interface CustomerComplaintRow {
  complaintId: string; receivedAt: string; state: 'DONE' | 'IN_PROGRESS'; status: string; category: string; urgency: string;
  respondedAt: string | null; closedAt: string | null;
}
export function customerComplaintRow(c: ComplaintFacts): CustomerComplaintRow {
  return {
    complaintId: c.complaintId, receivedAt: c.receivedAt, state: isDone(c.status) ? 'DONE' : 'IN_PROGRESS', status: c.status,
    category: c.category, urgency: c.urgency, respondedAt: c.respondedAt ?? null, closedAt: c.closedAt ?? null,
  };
}

export const preventiveMeasureColumns = [
  'complaintId', 'receivedAt', 'customerCode', 'customerName', 'category', 'status', 'rootCauseCategory', 'rootCause',
  'preventiveActionTaken', 'actionId', 'action', 'actionStatus', 'verified', 'verifiedAt', 'fedBack', 'fedBackAt',
] as const;
export interface PreventiveMeasureRow {
  complaintId: string; receivedAt: string; customerCode: string; customerName: string; category: string; status: string;
  rootCauseCategory: string | null; rootCause: string | null;
  /** Was any preventive action recorded for the complaint? */
  preventiveActionTaken: 'yes' | 'no';
  actionId: string | null; action: string | null; actionStatus: string | null;
  verified: 'yes' | 'no' | null; verifiedAt: string | null;
  /** Was it fed back to the customer (contained in a delivered response)? */
  fedBack: 'yes' | 'no' | null; fedBackAt: string | null;
}

/** One row per preventive action of the complaint; one row with empty action columns when there is none. */
export function preventiveMeasureRows(view: ComplaintView & { complaint: ComplaintFacts }): PreventiveMeasureRow[] {
  const c = view.complaint;
  const base = {
    complaintId: c.complaintId, receivedAt: c.receivedAt, customerCode: c.customerCode, customerName: c.customerName,
    category: c.category, status: c.status, rootCauseCategory: view.capa?.rootCauseCategory ?? null, rootCause: view.capa?.rootCause ?? null,
  };
  const actions = view.capa?.actions ?? [];
  if (actions.length === 0) {
    return [{ ...base, preventiveActionTaken: 'no', actionId: null, action: null, actionStatus: null, verified: null, verifiedAt: null, fedBack: null, fedBackAt: null }];
  }
  return actions.map((a) => ({
    ...base, preventiveActionTaken: 'yes', actionId: a.id, action: a.description, actionStatus: a.status,
    verified: a.status === 'VERIFIED' ? 'yes' : 'no', verifiedAt: a.verifiedAt ?? null,
    fedBack: a.fedBackAt ? 'yes' : 'no', fedBackAt: a.fedBackAt ?? null,
  }));
}

export const assigneeProgressColumns = ['assigneeId', 'tasks', 'done', 'doneOnTime', 'open', 'overdue', 'onTimePercent'] as const;
export interface AssigneeProgressRow {
  assigneeId: string; tasks: number; done: number; doneOnTime: number; open: number; overdue: number;
  /** Done by the deadline, of the tasks done. */
  onTimePercent: number | null;
}
export function assigneeProgressRow(assigneeId: string, monthRows: readonly Record<string, unknown>[]): AssigneeProgressRow {
  const sum = (name: string) => monthRows.reduce((n, r) => n + num(r, name), 0);
  return {
    assigneeId, tasks: sum('tasks'), done: sum('done'), doneOnTime: sum('doneOnTime'), open: sum('open'), overdue: sum('overdue'),
    onTimePercent: percent(sum('doneOnTime'), sum('done')),
  };
}

export const complaintProgressColumns = [
  'complaintId', 'customerCode', 'customerName', 'status', 'round', 'tasks', 'done', 'open', 'overdue', 'nextTaskDueAt', 'resolutionDueAt',
] as const;
export interface ComplaintProgressRow {
  complaintId: string; customerCode: string; customerName: string; status: string; round: number;
  tasks: number; done: number; open: number; overdue: number;
  /** The earliest deadline among the open tasks of the current round. */
  nextTaskDueAt: string | null;
  resolutionDueAt: string | null;
}
export function complaintProgressRow(view: ComplaintView & { complaint: ComplaintFacts }): ComplaintProgressRow {
  const c = view.complaint;
  const counts = taskCounts(view);
  const openDue = Object.values(view.tasks).filter((t) => t.round === c.round && t.status === 'OPEN').map((t) => t.dueAt).sort();
  return {
    complaintId: c.complaintId, customerCode: c.customerCode, customerName: c.customerName, status: c.status, round: c.round,
    tasks: counts.open + counts.done, done: counts.done, open: counts.open, overdue: counts.overdue,
    nextTaskDueAt: openDue[0] ?? null, resolutionDueAt: c.resolutionDueAt ?? null,
  };
}

export const slaComplianceColumns = [
  'month', 'category', 'urgency', 'received', 'planned', 'plannedOnTime', 'planOnTimePercent', 'responded', 'respondedOnTime',
  'resolutionOnTimePercent', 'notified', 'averageFirstNotificationMinutes', 'rated', 'satisfactionAverage',
] as const;
export interface SlaComplianceRow {
  month: string;
  /** A category, or ALL on the month's total row. */
  category: string;
  urgency: string;
  received: number; planned: number; plannedOnTime: number; planOnTimePercent: number | null;
  responded: number; respondedOnTime: number; resolutionOnTimePercent: number | null;
  notified: number; averageFirstNotificationMinutes: number | null;
  rated: number; satisfactionAverage: number | null;
}

/** A month's rows (category × urgency, as counted) and its total row (ALL / ALL). */
export function slaComplianceRows(month: string, counterRows: readonly Record<string, unknown>[]): SlaComplianceRow[] {
  const row = (category: string, urgency: string, rows: readonly Record<string, unknown>[]): SlaComplianceRow => {
    const sum = (name: string) => rows.reduce((n, r) => n + num(r, name), 0);
    return {
      month, category, urgency,
      received: sum('received'), planned: sum('planned'), plannedOnTime: sum('plannedOnTime'), planOnTimePercent: percent(sum('plannedOnTime'), sum('planned')),
      responded: sum('responded'), respondedOnTime: sum('respondedOnTime'), resolutionOnTimePercent: percent(sum('respondedOnTime'), sum('responded')),
      notified: sum('notified'), averageFirstNotificationMinutes: average(sum('notifySeconds') / 60, sum('notified')),
      rated: sum('rated'), satisfactionAverage: average(sum('ratingSum'), sum('rated'), 2),
    };
  };
  const rows = counterRows.filter((r) => num(r, 'received') > 0).map((r) => row(String(r.category), String(r.urgency), [r]));
  return rows.length ? [...rows, row('ALL', 'ALL', counterRows)] : [];
}

/**
 * RFC 4180 CSV with a header row, the columns in the given order, CRLF line ends. Empty for
 * null. A text cell that a spreadsheet would run as a formula (= + - @, tab, CR first) is
 * prefixed with an apostrophe (OWASP CSV injection).
 */
export function toCsv<T extends object>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const cell = (value: unknown) => {
    if (value === null || value === undefined) return '';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c])).join(','))].join('\r\n') + '\r\n';
}
