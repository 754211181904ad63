import { accessMatrix, grantFor, type StaffRouteId } from '../api/access.ts';
import type {
  ConfirmationQueueQuery, CustomerComplaintsQuery, FollowUpQueueQuery, OpenComplaintsQuery, SlaRiskQuery, TaskQueueQuery,
} from '../api/contract.ts';
import type { z } from 'zod';
import { DomainError, notFound } from '../domain/errors.ts';
import type { Person } from '../domain/model.ts';
import {
  complaintRow, DONE_STATUSES, taskRow, type ComplaintFacts, type ComplaintRow, type ComplaintView, type TaskRow, type TaskView,
} from '../domain/projections.ts';
import { getPerson } from '../store/master-data.ts';
import { customerExists, queryIndexPage, withoutKeys, type IndexPageRequest } from '../store/queues.ts';

/**
 * The work queues (issue 10): each is a page of one index Query (shared/store/queues.ts) over
 * the projections the stream consumer keeps, with each row's SLA state at `now`. Who sees which
 * rows follows the access matrix: ALL sees every row; OWN sees a salesperson's own orders'
 * complaints, an assignee's own tasks.
 */
export interface Page<T> { items: T[]; next?: string }

/** Whose rows an OWN grant shows. */
interface Scope { salespersonId?: string; assigneeId?: string }

function scopeOf(route: StaffRouteId, actor: Person): Scope | 'ALL' {
  if (grantFor(route, actor.roles) === 'ALL') return 'ALL';
  const own = actor.roles.filter((r) => accessMatrix[route][r] === 'OWN');
  return {
    ...(own.includes('SALES') ? { salespersonId: actor.personId } : {}),
    ...(own.includes('TASK_ASSIGNEE') ? { assigneeId: actor.personId } : {}),
  };
}

const forbidden = (message: string) => new DomainError('Forbidden', message, 403);

/** Filters on a view's complaint facts, as one FilterExpression. */
class ViewFilter {
  private readonly parts: string[] = [];
  readonly names: Record<string, string> = { '#c': 'complaint' };
  readonly values: Record<string, unknown> = {};

  equals(attr: keyof ComplaintFacts, value: string | undefined): this {
    if (value === undefined) return this;
    const i = this.parts.length;
    this.names[`#f${i}`] = attr;
    this.values[`:f${i}`] = value;
    this.parts.push(`#c.#f${i} = :f${i}`);
    return this;
  }

  within(attr: keyof ComplaintFacts, from?: string, to?: string): this {
    const i = this.parts.length;
    if (from === undefined && to === undefined) return this;
    this.names[`#f${i}`] = attr;
    if (from !== undefined) { this.values[`:f${i}a`] = from; this.parts.push(`#c.#f${i} >= :f${i}a`); }
    if (to !== undefined) { this.values[`:f${i}b`] = to; this.parts.push(`#c.#f${i} <= :f${i}b`); }
    return this;
  }

  inStatuses(statuses: readonly string[], negate: boolean): this {
    const i = this.parts.length;
    this.names[`#f${i}`] = 'status';
    statuses.forEach((s, j) => { this.values[`:f${i}_${j}`] = s; });
    const list = `#c.#f${i} IN (${statuses.map((_, j) => `:f${i}_${j}`).join(', ')})`;
    this.parts.push(negate ? `NOT (${list})` : list);
    return this;
  }

  build(): IndexPageRequest['filter'] {
    if (this.parts.length === 0) return undefined;
    const used = (name: string) => this.parts.some((p) => new RegExp(`${name}(?![0-9a-z_])`).test(p));
    return {
      expression: this.parts.join(' AND '),
      names: Object.fromEntries(Object.entries(this.names).filter(([n]) => used(n))),
      values: this.values,
    };
  }
}

const dayStart = (day?: string) => (day ? `${day}T00:00:00.000Z` : undefined);
const dayEnd = (day?: string) => (day ? `${day}T23:59:59.999Z~` : undefined);
/** Sort keys are `<instant>#<ids>`: '~' sorts after every id character, so `<instant>#~` bounds the instant inclusively. */
const upTo = (instant: string) => `${instant}#~`;

async function complaintPage(req: IndexPageRequest, now: Date): Promise<Page<ComplaintRow>> {
  const page = await queryIndexPage(req);
  return {
    items: page.items.map((i) => withoutKeys<ComplaintView>(i)!).filter((v): v is ComplaintView & { complaint: ComplaintFacts } => Boolean(v.complaint))
      .map((v) => complaintRow(v, now)),
    next: page.next,
  };
}

async function taskPage(req: IndexPageRequest, now: Date): Promise<Page<TaskRow>> {
  const page = await queryIndexPage(req);
  return { items: page.items.map((i) => taskRow(withoutKeys<TaskView>(i)!, now)), next: page.next };
}

/** Open complaints, URGENT first, each urgency by its most pressing deadline. */
export async function openComplaints(actor: Person, q: z.infer<typeof OpenComplaintsQuery>, now: Date): Promise<Page<ComplaintRow>> {
  if (q.customer && !await customerExists(q.customer)) throw notFound('customer', q.customer);
  const scope = scopeOf('ListOpenComplaints', actor);
  const filter = new ViewFilter().equals('status', q.status).equals('category', q.category).equals('customerCode', q.customer)
    .within('receivedAt', dayStart(q.receivedFrom), dayEnd(q.receivedTo));
  // A salesperson (OWN): their own partition, most pressing deadline first (urgency a filter).
  if (scope !== 'ALL') {
    return complaintPage({
      index: 'bySalesperson', partitions: [`SALES#${actor.personId}`], filter: filter.equals('urgency', q.urgency).build(), limit: q.limit, cursor: q.cursor,
    }, now);
  }
  return complaintPage({
    index: 'byQueue', partitions: q.urgency ? [`OPEN#${q.urgency}`] : ['OPEN#URGENT', 'OPEN#NORMAL'],
    filter: filter.build(), limit: q.limit, cursor: q.cursor,
  }, now);
}

/** Open complaints at risk (less than a quarter of the deadline's window left) or breached, in the order they became so. */
export function slaRisk(actor: Person, q: z.infer<typeof SlaRiskQuery>, now: Date): Promise<Page<ComplaintRow>> {
  const scope = scopeOf('ListSlaRisk', actor);
  const filter = new ViewFilter().equals('urgency', q.urgency).equals('category', q.category).build();
  if (scope !== 'ALL') {
    // A salesperson (OWN): their own open complaints whose at-risk moment (the risk index's key) has come.
    const atRisk = { expression: '#riskPk = :risk AND #riskSk <= :now', names: { '#riskPk': 'GSI3PK', '#riskSk': 'GSI3SK' }, values: { ':risk': 'SLA_RISK', ':now': upTo(now.toISOString()) } };
    return complaintPage({
      index: 'bySalesperson', partitions: [`SALES#${actor.personId}`], limit: q.limit, cursor: q.cursor,
      filter: filter
        ? { expression: `${filter.expression} AND ${atRisk.expression}`, names: { ...filter.names, ...atRisk.names }, values: { ...filter.values, ...atRisk.values } }
        : atRisk,
    }, now);
  }
  return complaintPage({
    index: 'byDeadline', partitions: ['SLA_RISK'], range: { to: upTo(now.toISOString()) }, filter, limit: q.limit, cursor: q.cursor,
  }, now);
}

/** Whose list: yourself by default; someone else's only with an ALL grant, and only someone who exists. */
async function whose(route: StaffRouteId, actor: Person, asked: string | undefined, what: string): Promise<string> {
  if (!asked || asked === actor.personId) return actor.personId;
  if (scopeOf(route, actor) !== 'ALL') throw forbidden(`you may see only your own ${what}`);
  if (!await getPerson(asked)) throw notFound('person', asked);
  return asked;
}

/** A person's open tasks, earliest deadline first. */
export async function myTasks(actor: Person, q: z.infer<typeof TaskQueueQuery>, now: Date): Promise<Page<TaskRow>> {
  const assignee = await whose('ListMyTasks', actor, q.assignee, 'tasks');
  return taskPage({ index: 'byOwner', partitions: [`ASSIGNEE#${assignee}`], limit: q.limit, cursor: q.cursor }, now);
}

/** Open tasks past their deadline (paused ones left out), earliest first: everyone's, or one assignee's. */
export async function overdueTasks(actor: Person, q: z.infer<typeof TaskQueueQuery>, now: Date): Promise<Page<TaskRow>> {
  const scope = scopeOf('ListOverdueTasks', actor);
  const assignee = q.assignee || scope !== 'ALL' ? await whose('ListOverdueTasks', actor, q.assignee, 'tasks') : undefined;
  const to = upTo(now.toISOString());
  if (assignee === undefined) return taskPage({ index: 'byDeadline', partitions: ['TASK_DUE'], range: { to }, limit: q.limit, cursor: q.cursor }, now);
  return taskPage({
    index: 'byOwner', partitions: [`ASSIGNEE#${assignee}`], range: { to }, limit: q.limit, cursor: q.cursor,
    filter: { expression: 'attribute_not_exists(heldSince) AND attribute_not_exists(#c.heldSince)', names: { '#c': 'complaint' }, values: {} },
  }, now);
}

/** Responses waiting for a salesperson's confirmation, the most pressing resolution deadline first. */
export async function awaitingConfirmation(actor: Person, q: z.infer<typeof ConfirmationQueueQuery>, now: Date): Promise<Page<ComplaintRow>> {
  const salesperson = await whose('ListAwaitingConfirmation', actor, q.salesperson, 'confirmations');
  return complaintPage({ index: 'byOwner', partitions: [`CONFIRM#${salesperson}`], limit: q.limit, cursor: q.cursor }, now);
}

/** Follow-ups not yet answered or given up, by when their next step is due. */
export function followUpsDue(_actor: Person, q: z.infer<typeof FollowUpQueueQuery>, now: Date): Promise<Page<ComplaintRow>> {
  return complaintPage({
    index: 'byDeadline', partitions: ['FOLLOW_UP'], ...(q.dueBefore ? { range: { to: upTo(new Date(q.dueBefore).toISOString()) } } : {}),
    limit: q.limit, cursor: q.cursor,
  }, now);
}

/** One customer's complaints, newest first (a salesperson: only their orders'). */
export async function customerComplaints(actor: Person, customerCode: string, q: z.infer<typeof CustomerComplaintsQuery>, now: Date): Promise<Page<ComplaintRow>> {
  if (!await customerExists(customerCode)) throw notFound('customer', customerCode);
  const scope = scopeOf('ListCustomerComplaints', actor);
  const filter = new ViewFilter().equals('category', q.category)
    .equals('salespersonId', scope === 'ALL' ? undefined : scope.salespersonId ?? actor.personId);
  if (q.state) filter.inStatuses(DONE_STATUSES, q.state === 'OPEN');
  return complaintPage({
    index: 'byCustomer', partitions: [`CUSTOMER#${customerCode}`], newestFirst: true,
    ...(q.receivedFrom || q.receivedTo ? { range: { from: dayStart(q.receivedFrom), to: dayEnd(q.receivedTo) } } : {}),
    filter: filter.build(), limit: q.limit, cursor: q.cursor,
  }, now);
}
