import type { Capa } from './capa.ts';
import type { FollowUpStatus } from './follow-up.ts';
import type { Category, Complaint, ComplaintStatus, ComplaintTask, Urgency } from './model.ts';

/**
 * Projections (issue 10): what the work queues and the reports read instead of the complaint's
 * own items. A complaint's VIEW and each task's TASKVIEW are folds of the latest image of every
 * source item (the complaint, its CAPA, its tasks, its first sent message); the index keys and
 * the report counters are pure functions of those folds. Because each source keeps its own part
 * (and its own stream sequence number), the fold gives the same result whatever order the
 * sources' changes arrive in, and a change seen twice changes nothing.
 */

/**
 * The stream records worth a look, as Lambda event-filter patterns (infra/service-stack.ts sets
 * them on the event source mapping; the local cloud applies the synthesized ones; the consumer
 * is shared/services/projections.ts): the complaint,
 * its CAPA, its tasks, and its messages once sent. Everything else in the table (timeline
 * entries, counters, the views themselves) never reaches the function.
 */
const inComplaint = { PK: { S: [{ prefix: 'COMPLAINT#' }] } };
export const PROJECTION_STREAM_FILTERS = [
  { dynamodb: { Keys: { ...inComplaint, SK: { S: ['COMPLAINT', 'CAPA'] } } } },
  { dynamodb: { Keys: { ...inComplaint, SK: { S: [{ prefix: 'TASK#' }] } } } },
  { dynamodb: { Keys: { ...inComplaint, SK: { S: [{ prefix: 'DELIVERY#' }] } }, NewImage: { status: { S: ['SENT'] } } } },
];

/** A response is out (or the complaint is closed): the complaint no longer waits on us. */
export const DONE_STATUSES: readonly ComplaintStatus[] = ['RESPONDED', 'CLOSED'];
export const isDone = (status: ComplaintStatus) => DONE_STATUSES.includes(status);

/** What a queue row and the reports need of the complaint item. */
export interface ComplaintFacts {
  complaintId: string;
  customerCode: string;
  customerName: string;
  salespersonId: string;
  documentNumber: string;
  productName: string;
  status: ComplaintStatus;
  urgency: Urgency;
  category: Category;
  receivedAt: string;
  /** The business calendar's zone (months are counted in it); UTC until classified. */
  timeZone: string;
  round: number;
  planDueAt?: string;
  planSubmittedAt?: string;
  resolutionDueAt?: string;
  respondedAt?: string;
  closedAt?: string;
  /** The complaint is on hold since then (its clocks are paused). */
  heldSince?: string;
  responseRevision?: number;
  followUp?: { status: FollowUpStatus; dueAt: string; nextAt: string; rating?: number; answeredAt?: string };
}

export interface PreventiveActionFacts {
  id: string;
  description: string;
  status: string;
  verifiedAt?: string;
  fedBackAt?: string;
  fedBackRevision?: number;
}

export interface CapaFacts {
  rootCauseCategory?: string;
  rootCause?: string;
  actions: PreventiveActionFacts[];
}

/** A task as its complaint's view keeps it: enough to count done / open / overdue. */
export interface TaskMark {
  status: 'OPEN' | 'DONE';
  dueAt: string;
  assigneeId: string;
  round: number;
  /** Open and its overdue alert (escalation level 1) has fired. */
  overdue?: boolean;
  /** Done by its deadline. */
  onTime?: boolean;
}

/** The complaint's projection: each source's part, and the version the consumer writes under. */
export interface ComplaintView {
  complaintId: string;
  complaint?: ComplaintFacts;
  capa?: CapaFacts;
  tasks: Record<string, TaskMark>;
  /** When the first message about the complaint went out (the responsible people's notification). */
  firstNotifiedAt?: string;
  /** Stream sequence numbers of the complaint and CAPA images folded in. */
  seq: { complaint?: string; capa?: string };
  version: number;
}

/** A task's projection: the task, and what a queue row shows of its complaint. */
export interface TaskView {
  complaintId: string;
  taskId: string;
  title: string;
  assigneeId: string;
  dueAt: string;
  status: 'OPEN' | 'DONE';
  round: number;
  overdue: boolean;
  completedAt?: string;
  heldSince?: string;
  complaint?: Pick<ComplaintFacts, 'customerCode' | 'customerName' | 'urgency' | 'category' | 'status' | 'heldSince' | 'timeZone' | 'salespersonId'>;
  seq: string;
}

const MAX_TEXT_IN_VIEW = 300;
const clip = (text: string | undefined) => (text && text.length > MAX_TEXT_IN_VIEW ? `${text.slice(0, MAX_TEXT_IN_VIEW - 1)}…` : text);

export function complaintFacts(c: Complaint): ComplaintFacts {
  const f = c.followUp;
  return {
    complaintId: c.complaintId,
    customerCode: c.customerCode,
    customerName: c.customerName,
    salespersonId: c.salespersonId,
    documentNumber: c.documentNumber,
    productName: c.productName,
    status: c.status,
    urgency: c.urgency,
    category: c.category,
    receivedAt: c.receivedAt,
    timeZone: c.sla?.calendar.timeZone ?? 'UTC',
    round: c.round ?? 1,
    planDueAt: c.planDueAt,
    planSubmittedAt: c.plan?.submittedAt,
    resolutionDueAt: c.resolutionDueAt,
    respondedAt: c.respondedAt,
    closedAt: c.closedAt,
    heldSince: c.hold?.heldAt,
    responseRevision: c.response?.revision,
    followUp: f && {
      status: f.status,
      dueAt: f.dueAt,
      // The moment the follow-up's next step is due: the request, the chase, giving up.
      nextAt: (f.status === 'SENT' ? f.chaseAt : f.status === 'CHASED' ? f.giveUpAt : undefined) ?? f.dueAt,
      rating: f.rating,
      answeredAt: f.answeredAt,
    },
  };
}

export function capaFacts(capa: Capa): CapaFacts {
  return {
    rootCauseCategory: capa.rootCause?.category,
    rootCause: clip(capa.rootCause?.description),
    actions: (capa.preventiveActions ?? []).map((a) => ({
      id: a.id, description: clip(a.description)!, status: a.status,
      verifiedAt: a.verifiedAt, fedBackAt: a.fedBackAt, fedBackRevision: a.fedBackRevision,
    })),
  };
}

/** Has the task's overdue alert (the first escalation, at the deadline) fired? */
function overdueFired(task: Pick<ComplaintTask, 'checkpoints' | 'firedCheckpoints'>): boolean {
  return (task.firedCheckpoints ?? []).some((i) => {
    const checkpoint = task.checkpoints?.[i];
    return checkpoint?.kind === 'ESCALATION' && checkpoint.level === 1;
  });
}

export function taskMark(task: ComplaintTask): TaskMark {
  return {
    status: task.status,
    dueAt: task.dueAt,
    assigneeId: task.assigneeId,
    round: task.round ?? 1,
    ...(task.status === 'OPEN' && overdueFired(task) ? { overdue: true } : {}),
    ...(task.status === 'DONE' ? { onTime: Date.parse(task.completedAt ?? task.dueAt) <= Date.parse(task.dueAt) } : {}),
  };
}

export function taskView(task: ComplaintTask, complaint: ComplaintFacts | undefined, seq: string): TaskView {
  return {
    complaintId: task.complaintId,
    taskId: task.taskId,
    title: clip(task.title)!,
    assigneeId: task.assigneeId,
    dueAt: task.dueAt,
    status: task.status,
    round: task.round ?? 1,
    overdue: task.status === 'OPEN' && overdueFired(task),
    completedAt: task.completedAt,
    heldSince: task.hold?.heldAt,
    complaint: complaint && withComplaint(complaint),
    seq,
  };
}

/** What a task's row shows of its complaint (refreshed when the complaint changes). */
export function withComplaint(c: ComplaintFacts): NonNullable<TaskView['complaint']> {
  return {
    customerCode: c.customerCode, customerName: c.customerName, urgency: c.urgency, category: c.category,
    status: c.status, heldSince: c.heldSince, timeZone: c.timeZone, salespersonId: c.salespersonId,
  };
}

/** The deadline the complaint is working against now: the plan's until there is one, then the resolution's. */
export function currentDeadline(c: ComplaintFacts): { kind: 'PLAN' | 'RESOLUTION'; dueAt: string; from: string } | undefined {
  if (isDone(c.status)) return undefined;
  if (!c.planSubmittedAt && c.planDueAt) return { kind: 'PLAN', dueAt: c.planDueAt, from: c.receivedAt };
  if (c.resolutionDueAt) return { kind: 'RESOLUTION', dueAt: c.resolutionDueAt, from: c.receivedAt };
  return undefined;
}

/** Share of a deadline's window left below which the complaint is at risk (as in sla.ts). */
export const AT_RISK_SHARE = 0.25;

/** The moment a deadline puts the complaint at risk: when AT_RISK_SHARE of its window is left. */
export function atRiskFrom(deadline: { dueAt: string; from: string }): string {
  const due = Date.parse(deadline.dueAt);
  const window = Math.max(0, due - Date.parse(deadline.from));
  return new Date(due - window * AT_RISK_SHARE).toISOString();
}

export type QueueSlaState = 'ON_TRACK' | 'AT_RISK' | 'BREACHED' | 'ON_HOLD' | 'MET' | 'MISSED' | 'NO_DEADLINE';

/** Where a complaint stands against its current deadline at `now` (a queue row's SLA state). */
export function complaintSla(c: ComplaintFacts, now: Date): { state: QueueSlaState; deadline?: 'PLAN' | 'RESOLUTION'; dueAt?: string } {
  if (isDone(c.status)) {
    if (!c.resolutionDueAt) return { state: 'NO_DEADLINE' };
    const doneAt = c.respondedAt ?? c.closedAt ?? c.resolutionDueAt;
    return { state: Date.parse(doneAt) <= Date.parse(c.resolutionDueAt) ? 'MET' : 'MISSED', deadline: 'RESOLUTION', dueAt: c.resolutionDueAt };
  }
  const deadline = currentDeadline(c);
  if (!deadline) return { state: 'NO_DEADLINE' };
  const where = { deadline: deadline.kind, dueAt: deadline.dueAt };
  if (c.heldSince) return { state: 'ON_HOLD', ...where };
  if (now.getTime() > Date.parse(deadline.dueAt)) return { state: 'BREACHED', ...where };
  if (now.getTime() >= Date.parse(atRiskFrom(deadline))) return { state: 'AT_RISK', ...where };
  return { state: 'ON_TRACK', ...where };
}

/** Where a task stands against its deadline at `now`. */
export function taskSla(t: Pick<TaskView, 'status' | 'dueAt' | 'completedAt' | 'heldSince' | 'complaint'>, now: Date): QueueSlaState {
  if (t.status === 'DONE') return Date.parse(t.completedAt ?? t.dueAt) <= Date.parse(t.dueAt) ? 'MET' : 'MISSED';
  if (t.heldSince || t.complaint?.heldSince) return 'ON_HOLD';
  return now.getTime() > Date.parse(t.dueAt) ? 'BREACHED' : 'ON_TRACK';
}

/** The calendar month (yyyy-mm) of an instant in a time zone. */
export function monthOf(at: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}`;
}

// Sort keys end with the ids, so two rows with the same moment stay distinct and in a fixed order.
const sortKey = (...parts: string[]) => parts.join('#');

/** The view's index keys (sparse: absent where the complaint is in no such queue). */
export function viewIndexKeys(view: ComplaintView): Record<string, string> {
  const c = view.complaint;
  if (!c) return {};
  const id = c.complaintId;
  const keys: Record<string, string> = {
    GSI5PK: `RECEIVED#${monthOf(c.receivedAt, c.timeZone)}`, GSI5SK: sortKey(c.receivedAt, id),
    GSI6PK: `CUSTOMER#${c.customerCode}`, GSI6SK: sortKey(c.receivedAt, id),
  };
  const deadline = currentDeadline(c);
  if (!isDone(c.status)) {
    // Without a deadline yet (being classified), first in its urgency: someone must look at it.
    keys.GSI2PK = `OPEN#${c.urgency}`;
    keys.GSI2SK = sortKey(deadline?.dueAt ?? '0', id);
    // A salesperson's own open complaints, apart: their lists never read everyone's.
    keys.GSI7PK = `SALES#${c.salespersonId}`;
    keys.GSI7SK = keys.GSI2SK;
    if (deadline && !c.heldSince) {
      keys.GSI3PK = 'SLA_RISK';
      keys.GSI3SK = sortKey(atRiskFrom(deadline), id);
    }
  } else if (c.followUp && ['SCHEDULED', 'SENT', 'CHASED'].includes(c.followUp.status)) {
    keys.GSI3PK = 'FOLLOW_UP';
    keys.GSI3SK = sortKey(c.followUp.nextAt, id);
  }
  if (c.status === 'AWAITING_SALES_CONFIRMATION') {
    keys.GSI4PK = `CONFIRM#${c.salespersonId}`;
    keys.GSI4SK = sortKey(c.resolutionDueAt ?? c.receivedAt, id);
  }
  return keys;
}

export function taskViewIndexKeys(t: TaskView): Record<string, string> {
  if (t.status !== 'OPEN') return {};
  const order = sortKey(t.dueAt, t.complaintId, t.taskId);
  const keys: Record<string, string> = { GSI4PK: `ASSIGNEE#${t.assigneeId}`, GSI4SK: order };
  // A paused clock is not overdue: held tasks leave the overdue list until released.
  if (!t.heldSince && !t.complaint?.heldSince) Object.assign(keys, { GSI3PK: 'TASK_DUE', GSI3SK: order });
  return keys;
}

/** The reports kept as counters, and their rows. */
export type CounterReport = 'CUSTOMER_STATUS' | 'SLA' | 'TASKS';

/** One report row's counts that one projection contributes to. */
export interface Counter {
  report: CounterReport;
  month: string;
  row: string;
  /** What the row is about (written with the counts; the same for every contributor). */
  labels: Record<string, string>;
  counts: Record<string, number>;
}

const secondsBetween = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
const onTime = (at: string | undefined, due: string | undefined) => (at && due && Date.parse(at) <= Date.parse(due) ? 1 : 0);

/** What a complaint's view adds to the status-per-customer and the SLA reports. */
export function viewCounters(view: ComplaintView): Counter[] {
  const c = view.complaint;
  if (!c) return [];
  const month = monthOf(c.receivedAt, c.timeZone);
  const done = isDone(c.status) ? 1 : 0;
  const rating = c.followUp?.rating;
  return [
    {
      report: 'CUSTOMER_STATUS', month, row: `CUSTOMER#${c.customerCode}`,
      labels: { customerCode: c.customerCode, customerName: c.customerName },
      counts: { received: 1, done, inProgress: 1 - done },
    },
    {
      report: 'SLA', month, row: `${c.category}#${c.urgency}`,
      labels: { category: c.category, urgency: c.urgency },
      counts: {
        received: 1,
        planned: c.planSubmittedAt ? 1 : 0,
        plannedOnTime: onTime(c.planSubmittedAt, c.planDueAt),
        responded: c.respondedAt ? 1 : 0,
        respondedOnTime: onTime(c.respondedAt, c.resolutionDueAt),
        notified: view.firstNotifiedAt ? 1 : 0,
        notifySeconds: view.firstNotifiedAt ? secondsBetween(c.receivedAt, view.firstNotifiedAt) : 0,
        rated: rating ? 1 : 0,
        ratingSum: rating ?? 0,
      },
    },
  ];
}

/** What a task adds to its assignee's row of the task-progress report (by the month it is due). */
export function taskViewCounters(t: TaskView): Counter[] {
  const done = t.status === 'DONE' ? 1 : 0;
  return [{
    report: 'TASKS', month: monthOf(t.dueAt, t.complaint?.timeZone ?? 'UTC'), row: `ASSIGNEE#${t.assigneeId}`,
    labels: { assigneeId: t.assigneeId },
    counts: {
      tasks: 1, done,
      doneOnTime: done && t.completedAt && Date.parse(t.completedAt) <= Date.parse(t.dueAt) ? 1 : 0,
      open: 1 - done,
      overdue: !done && t.overdue ? 1 : 0,
    },
  }];
}

const counterKey = (c: Pick<Counter, 'report' | 'month' | 'row'>) => `${c.report}|${c.month}|${c.row}`;

/** after − before, per row and count; rows and counts that do not change are left out. */
export function counterDelta(before: readonly Counter[], after: readonly Counter[]): Counter[] {
  const rows = new Map<string, Counter>();
  const add = (counter: Counter, sign: 1 | -1) => {
    const k = counterKey(counter);
    const row = rows.get(k) ?? { ...counter, labels: counter.labels, counts: {} };
    if (sign === 1) row.labels = counter.labels;
    for (const [name, n] of Object.entries(counter.counts)) row.counts[name] = (row.counts[name] ?? 0) + sign * n;
    rows.set(k, row);
  };
  before.forEach((c) => add(c, -1));
  after.forEach((c) => add(c, 1));
  return [...rows.values()]
    .map((row) => ({ ...row, counts: Object.fromEntries(Object.entries(row.counts).filter(([, n]) => n !== 0)) }))
    .filter((row) => Object.keys(row.counts).length > 0);
}

/** Stream sequence numbers are decimal strings of any length: compare them as numbers. */
export function isLaterSequence(seq: string, than: string | undefined): boolean {
  return than === undefined || BigInt(seq) > BigInt(than);
}

/** A complaint as a queue shows it: who, what, where it stands against its deadline. */
const ROW_FACTS = [
  'complaintId', 'customerCode', 'customerName', 'salespersonId', 'documentNumber', 'productName', 'status', 'urgency', 'category', 'receivedAt', 'round',
] as const;

export interface ComplaintRow extends Pick<ComplaintFacts, (typeof ROW_FACTS)[number]> {
  sla: { state: QueueSlaState; deadline?: 'PLAN' | 'RESOLUTION'; dueAt?: string };
  heldSince?: string;
  tasks: { open: number; done: number; overdue: number };
  followUp?: { status: FollowUpStatus; dueAt: string; nextAt: string; rating?: number };
}

/** A task as a queue shows it, with its complaint's customer and urgency. */
export interface TaskRow {
  complaintId: string;
  taskId: string;
  title: string;
  assigneeId: string;
  dueAt: string;
  status: 'OPEN' | 'DONE';
  round: number;
  sla: QueueSlaState;
  heldSince?: string;
  complaint?: { customerCode: string; customerName: string; urgency: Urgency; category: Category; status: ComplaintStatus };
}

/** The current round's tasks of a view, counted. */
export function taskCounts(view: Pick<ComplaintView, 'tasks' | 'complaint'>) {
  const round = view.complaint?.round ?? 1;
  const marks = Object.values(view.tasks).filter((t) => t.round === round);
  return {
    open: marks.filter((t) => t.status === 'OPEN').length,
    done: marks.filter((t) => t.status === 'DONE').length,
    overdue: marks.filter((t) => t.status === 'OPEN' && t.overdue).length,
  };
}

export function complaintRow(view: ComplaintView & { complaint: ComplaintFacts }, now: Date): ComplaintRow {
  const c = view.complaint;
  return {
    ...(Object.fromEntries(ROW_FACTS.map((f) => [f, c[f]])) as Pick<ComplaintFacts, (typeof ROW_FACTS)[number]>),
    sla: complaintSla(c, now),
    ...(c.heldSince ? { heldSince: c.heldSince } : {}),
    tasks: taskCounts(view),
    ...(c.followUp ? { followUp: { status: c.followUp.status, dueAt: c.followUp.dueAt, nextAt: c.followUp.nextAt, ...(c.followUp.rating ? { rating: c.followUp.rating } : {}) } } : {}),
  };
}

export function taskRow(t: TaskView, now: Date): TaskRow {
  const c = t.complaint;
  return {
    complaintId: t.complaintId, taskId: t.taskId, title: t.title, assigneeId: t.assigneeId, dueAt: t.dueAt, status: t.status, round: t.round,
    sla: taskSla(t, now),
    ...(t.heldSince ?? c?.heldSince ? { heldSince: t.heldSince ?? c?.heldSince } : {}),
    ...(c ? { complaint: { customerCode: c.customerCode, customerName: c.customerName, urgency: c.urgency, category: c.category, status: c.status } } : {}),
  };
}

/**
 * A value as text with every object's keys sorted: DynamoDB keeps no key order in maps, so a
 * projection read back compares equal to the same projection made afresh only this way.
 */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
    : v));
}
