/**
 * `npm run bench`, part 4: the work queues and reports at 1,000 and at 100,000 complaints.
 *
 * The table is seeded with complaint projections across 10 customers, 20 assignees, 10
 * salespeople, 12 months and every status — written as the stream consumer writes them (the
 * store's viewItem / taskViewItem, and the report counters summed from the same pure functions),
 * in batches, so a seed of 100,000 takes a minute or two instead of running 100,000 lifecycles.
 * Then each queue and report is called through the HTTP API a few times, and the read capacity
 * DynamoDB reports for it (ReturnConsumedCapacity, summed by a middleware added here) and its latency
 * are recorded. The point is the ratio 100k / 1k per endpoint: a Query on a key made for the
 * list reads a page whatever the table holds, so the target is ≤ 1.1 for capacity.
 */
import { BatchWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalCloud } from './cloud.ts';
import type { Category, ComplaintStatus, Urgency } from '../../shared/domain/model.ts';
import {
  counterDelta, taskViewCounters, viewCounters, type ComplaintView, type Counter, type TaskView,
} from '../../shared/domain/projections.ts';

const CUSTOMERS = 10;
const ASSIGNEES = 20;
const SALESPEOPLE = 10;
const code = (prefix: string, n: number, width = 3) => `${prefix}${String(n).padStart(width, '0')}`;
const customerCode = (n: number) => code('BC', n % CUSTOMERS + 1);
const assignee = (n: number) => `bench.a${String(n % ASSIGNEES + 1).padStart(2, '0')}`;
const salesperson = (n: number) => `bench.s${String(n % SALESPEOPLE + 1).padStart(2, '0')}`;

/** Mostly closed, as a desk's history is; the rest spread over every open state. */
const STATUSES: [ComplaintStatus, number][] = [
  ['CLOSED', 70], ['IN_PROGRESS', 10], ['AWAITING_PLAN', 5], ['AWAITING_SALES_CONFIRMATION', 5], ['AWAITING_CAPA', 4], ['REVISION_REQUESTED', 3], ['RESPONDED', 3],
];
const CATEGORIES: Category[] = ['PRODUCT_QUALITY', 'DELIVERY', 'SERVICE', 'BILLING', 'OTHER'];

function statusOf(n: number): ComplaintStatus {
  // A hash of n, so that states do not line up with customers, assignees or salespeople (n modulo 10, 20).
  let r = (Math.imul(n + 1, 2654435761) >>> 0) % 100;
  for (const [status, share] of STATUSES) { if (r < share) return status; r -= share; }
  return 'CLOSED';
}

/** Complaint n of the bench, as the consumer would have projected it (and its task views). */
export function benchComplaint(n: number, year: number): { view: ComplaintView; tasks: TaskView[] } {
  const status = statusOf(n);
  const urgency: Urgency = n % 4 === 0 ? 'URGENT' : 'NORMAL';
  const category = CATEGORIES[n % CATEGORIES.length]!;
  const month = n % 12;
  const receivedAt = new Date(Date.UTC(year, month, 1 + (n % 27), 1 + (n % 9), n % 60, 0, n % 1000)).toISOString();
  const plus = (hours: number) => new Date(Date.parse(receivedAt) + hours * 3_600_000).toISOString();
  const complaintId = `CMP-${year}-${String(900_000 + n).padStart(6, '0')}`;
  const planned = !['AWAITING_PLAN'].includes(status);
  const done = status === 'CLOSED' || status === 'RESPONDED';
  const round = 1;
  const taskCount = planned ? 1 + (n % 2) : 0;
  const tasks: TaskView[] = Array.from({ length: taskCount }, (_, t) => ({
    complaintId, taskId: `T${t + 1}`, title: 'Bench task', assigneeId: assignee(n + t), dueAt: plus(24 + t * 24),
    status: done || (t === 0 && status !== 'IN_PROGRESS') ? 'DONE' : 'OPEN', round, overdue: false,
    ...(done ? { completedAt: plus(20) } : {}),
    complaint: { customerCode: customerCode(n), customerName: `Bench customer ${customerCode(n)}`, urgency, category, status, timeZone: 'Asia/Shanghai', salespersonId: salesperson(n) },
    seq: '1',
  }));
  const view: ComplaintView = {
    complaintId,
    complaint: {
      complaintId, customerCode: customerCode(n), customerName: `Bench customer ${customerCode(n)}`, salespersonId: salesperson(n),
      documentNumber: `DN-BENCH-${n}`, productName: 'Bench product', status, urgency, category, receivedAt, timeZone: 'Asia/Shanghai', round,
      planDueAt: plus(48), resolutionDueAt: plus(urgency === 'URGENT' ? 48 : 120),
      ...(planned ? { planSubmittedAt: plus(n % 3 === 0 ? 60 : 20) } : {}),
      ...(done ? { respondedAt: plus(n % 5 === 0 ? 130 : 40), closedAt: plus(41) } : {}),
      ...(status === 'CLOSED' ? { followUp: { status: n % 3 === 0 ? 'SCHEDULED' : 'ANSWERED', dueAt: plus(200), nextAt: plus(200), ...(n % 3 ? { rating: 1 + (n % 5), answeredAt: plus(210) } : {}) } } : {}),
    },
    capa: done ? { rootCauseCategory: 'METHOD', rootCause: 'Bench cause', actions: [{ id: 'PA1', description: 'Bench action', status: 'IMPLEMENTED', ...(status === 'CLOSED' ? { fedBackAt: plus(40), fedBackRevision: 1 } : {}) }] } : undefined,
    tasks: Object.fromEntries(tasks.map((t) => [t.taskId, { status: t.status, dueAt: t.dueAt, assigneeId: t.assigneeId, round, ...(t.status === 'DONE' ? { onTime: true } : {}) }])),
    firstNotifiedAt: plus(0.01),
    seq: { complaint: '1' },
    version: 1,
  };
  return { view, tasks };
}

/** Seed complaints [from, to): their views and task views in batches, then the counters they add up to. */
export async function seedBenchComplaints(from: number, to: number, year: number): Promise<void> {
  const { db, tableName } = await import('../../shared/store/db.ts');
  const { viewItem, taskViewItem, counterUpdate } = await import('../../shared/store/projections.ts');
  const counters: Counter[] = [];
  const items: Record<string, unknown>[] = [];
  for (let n = from; n < to; n++) {
    const { view, tasks } = benchComplaint(n, year);
    // Only open tasks' views: a done task's view is listed nowhere (its counts are in the counters
    // and its complaint's view), and leaving them out halves the seed's writes.
    items.push(viewItem(view), ...tasks.filter((t) => t.status === 'OPEN').map(taskViewItem));
    counters.push(...viewCounters(view), ...tasks.flatMap(taskViewCounters));
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const write = async () => {
    while (next < batches.length) {
      let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, write));
  // One update per report row: the seed's counts added to what the row holds.
  for (const counter of counterDelta([], counters)) await db.send(new UpdateCommand(counterUpdate(counter).Update!));
}

/** The people and customers the bench's rows name (the queues check them). */
export async function seedBenchMasterData(): Promise<void> {
  const { putCustomer, putPerson } = await import('../../shared/store/master-data.ts');
  for (let n = 0; n < CUSTOMERS; n++) await putCustomer({ code: customerCode(n), name: `Bench customer ${customerCode(n)}`, phones: [], locale: 'zh-CN', contacts: [], addresses: [] });
  for (let n = 0; n < ASSIGNEES; n++) await putPerson({ personId: assignee(n), name: `Bench assignee ${n}`, roles: ['TASK_ASSIGNEE'], locale: 'zh-CN', channels: ['EMAIL'], active: true });
  for (let n = 0; n < SALESPEOPLE; n++) await putPerson({ personId: salesperson(n), name: `Bench salesperson ${n}`, roles: ['SALES'], locale: 'zh-CN', channels: ['EMAIL'], active: true });
}

export interface EndpointMeasure { endpoint: string; readUnits: number; p50ms: number }

/**
 * Read capacity that this process's reads consume, as DynamoDB reports it: the bench asks every
 * Get and Query of the store's client for it (the local cloud runs the handlers in this process,
 * on the same client). Bench instrumentation only; production code does not ask.
 */
const readCapacity = { units: 0, metering: false };
async function meterReadCapacity(): Promise<void> {
  if (readCapacity.metering) return; // once per process: every size is measured on the same client
  readCapacity.metering = true;
  const { db } = await import('../../shared/store/db.ts');
  const reads = new Set(['GetCommand', 'QueryCommand', 'BatchGetCommand']);
  db.middlewareStack.add((next, context) => async (args) => {
    const reading = reads.has(String(context.commandName));
    if (reading) (args.input as Record<string, unknown>).ReturnConsumedCapacity ??= 'TOTAL';
    const result = await next(args);
    if (reading) {
      const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
      for (const c of [consumed ?? []].flat()) readCapacity.units += c.CapacityUnits ?? 0;
    }
    return result;
  }, { step: 'initialize', name: 'benchMeterReadCapacity' });
}

/** Each queue and report, `times` calls each: read units of one call, and the median latency. */
export async function measureEndpoints(cloud: LocalCloud, year: number, times = 5): Promise<EndpointMeasure[]> {
  await meterReadCapacity();
  const y = String(year);
  const manager = await cloud.signIn('gm.chen');
  const endpoints: [string, string][] = [
    // Pages of 100 where a list holds that many at 1,000 complaints (DynamoDB rounds a read up to
    // 4 KB, so small pages of slightly different rows differ by a rounding step).
    ['open complaints', '/queues/open-complaints?limit=100'],
    ['open complaints, filtered (category)', '/queues/open-complaints?urgency=NORMAL&category=DELIVERY&limit=25'],
    ['SLA risk', '/queues/sla-risk?limit=100'],
    // One person's lists hold about 15 (tasks) and 5 (confirmations) rows at 1,000 complaints: pages of 5, full at both sizes.
    ["an assignee's tasks", `/queues/my-tasks?assignee=${assignee(0)}&limit=5`],
    ['overdue tasks', '/queues/overdue-tasks?limit=100'],
    ['awaiting confirmation', `/queues/awaiting-confirmation?salesperson=${salesperson(0)}&limit=5`],
    ['follow-ups', '/queues/follow-ups?limit=100'],
    ["a customer's complaints", `/customers/${customerCode(0)}/complaints?limit=100`],
    ['report: customer status (12 months)', `/reports/customer-status?from=${y}-01&to=${y}-12`],
    ['report: one customer (12 months)', `/reports/customer-status?from=${y}-01&to=${y}-12&customer=${customerCode(0)}&limit=50`],
    // Pages smaller than what a month holds at 1,000 complaints (about 80), so both sizes read a full page.
    ['report: preventive measures (a month)', `/reports/preventive-measures?from=${y}-11&to=${y}-11&limit=50`],
    ['report: task progress per assignee', `/reports/task-progress?from=${y}-01&to=${y}-12`],
    ['report: task progress per complaint', `/reports/task-progress?from=${y}-11&to=${y}-11&by=complaint&limit=50`],
    ['report: SLA compliance (12 months)', `/reports/sla-compliance?from=${y}-01&to=${y}-12`],
  ];
  const results: EndpointMeasure[] = [];
  for (const [endpoint, path] of endpoints) {
    const latencies: number[] = [];
    let units = 0;
    for (let i = 0; i < times; i++) {
      const before = readCapacity.units;
      const t = performance.now();
      const res = await fetch(`${cloud.endpoints.api}${path}`, { headers: { authorization: `Bearer ${manager}` } });
      await res.text();
      latencies.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${endpoint}: ${res.status}`);
      units = readCapacity.units - before;
    }
    latencies.sort((a, b) => a - b);
    results.push({ endpoint, readUnits: Math.round(units * 10) / 10, p50ms: Math.round(latencies[Math.floor(latencies.length / 2)]! * 10) / 10 });
  }
  return results;
}
