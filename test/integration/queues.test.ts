import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLocalPasswords } from '../../infra/local/identity.ts';
import { sampleDocuments } from '../../infra/local/sample-data.ts';
import { monthOf } from '../../shared/domain/projections.ts';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';
import { inSeconds, laptopComplaint, startTestCloud, waitForComplaint } from '../support/test-cloud.ts';
import { refusedWithNothingWritten } from '../support/table-snapshot.ts';

/**
 * The work queues and the four reports against DynamoDB Local, fed by the table's stream through
 * the projection consumer (as in AWS). A seeded mix:
 *  A  SY001 laptop, URGENT PRODUCT_QUALITY, sales.li — the seed scenario to CLOSED (PA1 fed back)
 *  B  SY001, NORMAL DELIVERY, sales.qian — planned: T1 tech.wu due in 2 s (goes overdue), T2 tech.zhou
 *  C  BJ002, URGENT SERVICE, sales.qian — no plan; SERVICE's plan is due 3 s after receipt (breached)
 *  D  BJ002, NORMAL BILLING, sales.li — done, waiting for sales.li's confirmation
 *  E1–E4  SY001, NORMAL OTHER — just received (for pagination)
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let drive: ReturnType<typeof lifecycleDriver>;
const ids: Record<string, string> = {};
const commands: string[] = [];
const month = () => monthOf(new Date().toISOString(), 'Asia/Shanghai');

beforeAll(async () => {
  cloud = await startTestCloud();
  drive = lifecycleDriver(cloud);
  const people = [
    { personId: 'sales.qian', name: 'Qian Yu', roles: ['SALES'], email: 'qian.yu@example.com', channels: ['EMAIL'] },
    { personId: 'tech.wu', name: 'Wu Tao', roles: ['TASK_ASSIGNEE'], email: 'wu.tao@example.com', channels: ['EMAIL'] },
  ];
  expect((await cloud.api('POST', '/master-data/people/imports', { as: 'admin.ma', body: { format: 'json', content: people } })).status).toBe(200);
  await setLocalPasswords(cloud.endpoints.identity, cloud.identity.userPoolId, people.map((p) => p.personId));
  // SERVICE complaints get a plan deadline of 3 seconds, so one is breached during the test.
  const current = (await cloud.api('GET', '/config/rules', { as: 'gm.chen' })).body;
  const rules = structuredClone(current.rules);
  rules.slaPolicies['seconds'] = { ...rules.slaPolicies['urgent-48h'], planDue: { amount: 0.05, unit: 'minutes', basis: 'calendar' } };
  rules.routing = rules.routing.map((r: any) => (r.category === 'SERVICE' ? { ...r, slaPolicy: 'seconds' } : r));
  expect((await cloud.api('PUT', '/config/rules', { as: 'gm.chen', body: { rules, expectedVersion: current.version } })).status).toBe(200);

  const { putDocument } = await import('../../shared/store/master-data.ts');
  const doc = async (number: string, customerCode: string, salespersonId: string) =>
    putDocument({ ...sampleDocuments[0]!, number, serialNumber: `SN-${number}`, customerCode, salespersonId });
  const create = async (number: string, fields: Record<string, unknown>) => {
    const res = await cloud.api('POST', '/complaints', { as: 'agent.wang', body: { ...laptopComplaint, ...fields, documentNumber: number } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await waitForComplaint(cloud.api, res.body.complaintId, (r) => r.complaint.status === 'AWAITING_PLAN');
    return res.body.complaintId as string;
  };
  await doc('DN-Q-A', 'SY001', 'sales.li');
  await doc('DN-Q-B', 'SY001', 'sales.qian');
  await doc('DN-Q-C', 'BJ002', 'sales.qian');
  await doc('DN-Q-D', 'BJ002', 'sales.li');
  for (const n of [1, 2, 3, 4]) await doc(`DN-Q-E${n}`, 'SY001', 'sales.li');

  ids.A = await create('DN-Q-A', {});
  await drive.plan(ids.A, [{ title: 'Site visit', assigneeId: 'tech.zhou', dueInSeconds: 86_400 }]);
  await drive.complete(ids.A, 'T1', 'tech.zhou');
  await drive.decide(ids.A, 'CONFIRM');
  await drive.closed(ids.A);

  ids.B = await create('DN-Q-B', { urgency: 'NORMAL', category: 'DELIVERY' });
  await drive.plan(ids.B, [
    { title: 'Trace the shipment', assigneeId: 'tech.wu', dueInSeconds: 2 },
    { title: 'Call the carrier', assigneeId: 'tech.zhou', dueInSeconds: 86_400 },
  ], { capa: false });
  ids.C = await create('DN-Q-C', { urgency: 'URGENT', category: 'SERVICE' });
  ids.D = await create('DN-Q-D', { urgency: 'NORMAL', category: 'BILLING' });
  await drive.plan(ids.D, [{ title: 'Credit note', assigneeId: 'tech.zhou', dueInSeconds: 86_400 }], { capa: false });
  await drive.complete(ids.D, 'T1', 'tech.zhou');
  await drive.waitFor(ids.D, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
  for (const n of [1, 2, 3, 4]) ids[`E${n}`] = await create(`DN-Q-E${n}`, { urgency: 'NORMAL', category: 'OTHER' });
  await cloud.streamsSettled();

  // From here on, record every DynamoDB command (the queues' and reports' reads among them).
  const { db } = await import('../../shared/store/db.ts');
  db.middlewareStack.add((next, context) => async (args) => { commands.push(String(context.commandName)); return next(args); },
    { step: 'initialize', name: 'recordCommandsForTest' });
}, 120_000);
afterAll(async () => { await cloud?.stop(); });

/** The queue or report until `test` holds (the projections follow the writes a moment later). */
async function eventually(path: string, as: string, test: (body: any) => boolean, seconds = 20): Promise<any> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const res = await cloud.api('GET', path, { as });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (test(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`${path} as ${as} never got there: ${JSON.stringify(res.body).slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every row of a list, page by page (`limit` rows each). */
async function allPages(path: string, as: string, limit: number): Promise<any[]> {
  const rows: any[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await cloud.api('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { as });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    rows.push(...res.body.items);
    cursor = res.body.next;
    if (!cursor) return rows;
  }
  throw new Error('more than 50 pages');
}

const idsOf = (rows: any[]) => rows.map((r) => r.complaintId);

describe('work queues', () => {
  it('lists open complaints URGENT first, each with its SLA state, and pages through every one exactly once', async () => {
    const open = [ids.B, ids.C, ids.D, ids.E1, ids.E2, ids.E3, ids.E4];
    const body = await eventually('/queues/open-complaints', 'quality.liu', (b) => open.every((id) => idsOf(b.items).includes(id)));
    expect(idsOf(body.items)).not.toContain(ids.A);
    const urgencies = body.items.map((r: any) => r.urgency);
    expect(urgencies.lastIndexOf('URGENT')).toBeLessThan(urgencies.indexOf('NORMAL'));
    const b = body.items.find((r: any) => r.complaintId === ids.B);
    expect(b).toMatchObject({ customerCode: 'SY001', salespersonId: 'sales.qian', status: 'IN_PROGRESS', sla: { deadline: 'RESOLUTION' }, tasks: { open: 2, done: 0 } });
    expect(['ON_TRACK', 'AT_RISK']).toContain(b.sla.state);

    const paged = await allPages('/queues/open-complaints', 'quality.liu', 2);
    expect(idsOf(paged).sort()).toEqual([...open].sort());
    expect(new Set(idsOf(paged)).size).toBe(paged.length);
    // Filters: by status, by customer (the key cannot serve them: they are applied within a bounded read).
    expect(idsOf((await cloud.api('GET', '/queues/open-complaints?status=AWAITING_SALES_CONFIRMATION', { as: 'quality.liu' })).body.items)).toEqual([ids.D]);
    const sy = await allPages('/queues/open-complaints?customer=SY001&urgency=NORMAL', 'quality.liu', 3);
    expect(idsOf(sy).sort()).toEqual([ids.B, ids.E1, ids.E2, ids.E3, ids.E4].sort());
  });

  it('shows a salesperson only the complaints of their own orders', async () => {
    // Their own index partition, the most pressing deadline first: C's late plan, then B.
    const body = await eventually('/queues/open-complaints', 'sales.qian', (b) => b.items.length > 1);
    expect(idsOf(body.items)).toEqual([ids.C, ids.B]);
    const customer = await cloud.api('GET', '/customers/SY001/complaints', { as: 'sales.qian' });
    expect(idsOf(customer.body.items)).toEqual([ids.B]);
    const all = await allPages('/customers/SY001/complaints', 'agent.wang', 2);
    expect(idsOf(all).sort()).toEqual([ids.A, ids.B, ids.E1, ids.E2, ids.E3, ids.E4].sort());
    // Newest first.
    expect(all.map((r) => r.receivedAt)).toEqual([...all.map((r) => r.receivedAt)].sort().reverse());
    const done = await cloud.api('GET', '/customers/SY001/complaints?state=DONE', { as: 'agent.wang' });
    expect(done.body.items).toEqual([expect.objectContaining({ complaintId: ids.A, status: 'CLOSED', sla: expect.objectContaining({ state: 'MET' }) })]);
    expect((await cloud.api('GET', '/customers/NOPE01/complaints', { as: 'agent.wang' })).status).toBe(404);
  });

  it('lists complaints past (or close to) their deadline: the one whose plan is late', async () => {
    // At risk from 2.25 s after receipt (a quarter of the 3 s window left), breached after 3 s.
    const body = await eventually('/queues/sla-risk', 'service.zhao', (b) => b.items.find((r: any) => r.complaintId === ids.C)?.sla.state === 'BREACHED');
    expect(body.items.find((r: any) => r.complaintId === ids.C)).toMatchObject({ sla: { state: 'BREACHED', deadline: 'PLAN' } });
    expect(idsOf(body.items)).not.toContain(ids.A);
    // A salesperson: their own complaint at risk, and no one else's.
    const own = await cloud.api('GET', '/queues/sla-risk', { as: 'sales.qian' });
    expect(own.body.items).toEqual([expect.objectContaining({ complaintId: ids.C, salespersonId: 'sales.qian', sla: expect.objectContaining({ state: 'BREACHED' }) })]);
  });

  it("gives each assignee their open tasks, earliest first, and managers anyone's", async () => {
    const wu = await eventually('/queues/my-tasks', 'tech.wu', (b) => b.items.length === 1);
    expect(wu.items[0]).toMatchObject({ complaintId: ids.B, taskId: 'T1', assigneeId: 'tech.wu', complaint: { customerCode: 'SY001', urgency: 'NORMAL' } });
    const zhou = await eventually('/queues/my-tasks', 'tech.zhou', (b) => b.items.length === 1);
    expect(zhou.items[0]).toMatchObject({ complaintId: ids.B, taskId: 'T2', status: 'OPEN', sla: 'ON_TRACK' });
    expect((await cloud.api('GET', '/queues/my-tasks?assignee=tech.wu', { as: 'quality.liu' })).body.items).toHaveLength(1);
    const peeking = await cloud.api('GET', '/queues/my-tasks?assignee=tech.wu', { as: 'tech.zhou' });
    expect(peeking.status).toBe(403);
  });

  it('lists overdue tasks: everyone\'s for managers, their own for an assignee', async () => {
    const overdue = await eventually('/queues/overdue-tasks', 'quality.liu', (b) => b.items.some((r: any) => r.complaintId === ids.B));
    expect(overdue.items).toEqual([expect.objectContaining({ complaintId: ids.B, taskId: 'T1', sla: 'BREACHED' })]);
    expect((await cloud.api('GET', '/queues/overdue-tasks', { as: 'tech.wu' })).body.items).toHaveLength(1);
    expect((await cloud.api('GET', '/queues/overdue-tasks', { as: 'tech.zhou' })).body.items).toEqual([]);
  });

  it("lists responses waiting for the salesperson's confirmation", async () => {
    const li = await eventually('/queues/awaiting-confirmation', 'sales.li', (b) => b.items.length > 0);
    expect(idsOf(li.items)).toEqual([ids.D]);
    expect((await cloud.api('GET', '/queues/awaiting-confirmation', { as: 'sales.qian' })).body.items).toEqual([]);
    expect((await cloud.api('GET', '/queues/awaiting-confirmation?salesperson=sales.li', { as: 'sales.qian' })).status).toBe(403);
  });

  it('lists follow-ups not yet answered: the closed complaint, due days after the close', async () => {
    const body = await eventually('/queues/follow-ups', 'agent.wang', (b) => idsOf(b.items).includes(ids.A));
    expect(body.items[0]).toMatchObject({ complaintId: ids.A, status: 'CLOSED', followUp: { status: 'SCHEDULED' } });
    expect((await cloud.api('GET', `/queues/follow-ups?dueBefore=${encodeURIComponent(inSeconds(60))}`, { as: 'agent.wang' })).body.items).toEqual([]);
  });
});

/** A report's CSV, parsed back into rows of the JSON's types (numbers, null for empty). */
async function csvRows(path: string, as: string) {
  const token = await cloud.signIn(as);
  const res = await fetch(`${cloud.endpoints.api}${path}${path.includes('?') ? '&' : '?'}format=csv`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  const text = (await res.text()).replace(/^\uFEFF/, '');
  const [header, ...lines] = parseCsv(text, { relaxColumnCount: false }) as string[][];
  return { header, rows: lines.map((cells) => Object.fromEntries(header!.map((h, i) => [h, typed(cells[i]!)]))) };
}
const typed = (cell: string) => (cell === '' ? null : /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell);

describe('reports', () => {
  it('complaint status per customer: received, done and in progress; one customer with its complaints', async () => {
    const m = month();
    const body = await eventually(`/reports/customer-status?from=${m}&to=${m}`, 'gm.chen',
      (b) => b.rows.find((r: any) => r.customerCode === 'SY001')?.received === 6 && b.rows.find((r: any) => r.customerCode === 'SY001')?.done === 1);
    expect(body.rows).toEqual([
      { customerCode: 'BJ002', customerName: 'Beijing Northwind Trading Ltd.', received: 2, done: 0, inProgress: 2 },
      { customerCode: 'SY001', customerName: 'Shenyang Precision Instruments Co.', received: 6, done: 1, inProgress: 5 },
    ]);
    const csv = await csvRows(`/reports/customer-status?from=${m}&to=${m}`, 'gm.chen');
    expect(csv.header).toEqual(body.columns);
    expect(csv.rows).toEqual(body.rows);
    const paged = await cloud.api('GET', `/reports/customer-status?from=${m}&to=${m}&limit=1`, { as: 'gm.chen' });
    expect(paged.body.rows.map((r: any) => r.customerCode)).toEqual(['BJ002']);
    const second = await cloud.api('GET', `/reports/customer-status?from=${m}&to=${m}&limit=1&cursor=${paged.body.next}`, { as: 'gm.chen' });
    expect(second.body.rows.map((r: any) => r.customerCode)).toEqual(['SY001']);

    const one = await cloud.api('GET', `/reports/customer-status?from=${m}&to=${m}&customer=SY001`, { as: 'agent.wang' });
    expect(one.body.rows).toEqual([expect.objectContaining({ customerCode: 'SY001', received: 6, done: 1 })]);
    expect(one.body.complaints.items.find((c: any) => c.complaintId === ids.A)).toMatchObject({ state: 'DONE', status: 'CLOSED' });
    expect(one.body.complaints.items.filter((c: any) => c.state === 'IN_PROGRESS')).toHaveLength(5);
  });

  it("preventive measures: the seed scenario's action was taken and fed back to the customer; none on the others", async () => {
    const m = month();
    const body = await eventually(`/reports/preventive-measures?from=${m}&to=${m}`, 'quality.liu',
      (b) => b.rows.some((r: any) => r.complaintId === ids.A && r.fedBack === 'yes'));
    const a = body.rows.filter((r: any) => r.complaintId === ids.A);
    expect(a).toEqual([expect.objectContaining({
      rootCauseCategory: 'METHOD', rootCause: 'No shock protection in transport', preventiveActionTaken: 'yes',
      actionId: 'PA1', action: 'Foam around the cartons on each pallet', actionStatus: 'PLANNED', verified: 'no', fedBack: 'yes',
    })]);
    expect(Date.parse(a[0].fedBackAt)).toBeGreaterThan(0);
    expect(body.rows.find((r: any) => r.complaintId === ids.B)).toMatchObject({ preventiveActionTaken: 'no', actionId: null, fedBack: null });
    expect(new Set(body.rows.map((r: any) => r.complaintId)).size).toBe(8);
    const csv = await csvRows(`/reports/preventive-measures?from=${m}&to=${m}`, 'quality.liu');
    expect(csv.header).toEqual(body.columns);
    expect(csv.rows).toEqual(body.rows);
  });

  it('task progress per assignee and per complaint: done, open, overdue', async () => {
    const m = month();
    const byAssignee = await eventually(`/reports/task-progress?from=${m}&to=${m}`, 'quality.liu',
      (b) => b.rows.find((r: any) => r.assigneeId === 'tech.wu')?.overdue === 1);
    expect(byAssignee.rows.find((r: any) => r.assigneeId === 'tech.wu')).toEqual({ assigneeId: 'tech.wu', tasks: 1, done: 0, doneOnTime: 0, open: 1, overdue: 1, onTimePercent: null });
    const byComplaint = await cloud.api('GET', `/reports/task-progress?from=${m}&to=${m}&by=complaint`, { as: 'quality.liu' });
    expect(byComplaint.body.rows.find((r: any) => r.complaintId === ids.B)).toMatchObject({ tasks: 2, done: 0, open: 2, overdue: 1 });
    expect(byComplaint.body.rows.find((r: any) => r.complaintId === ids.A)).toMatchObject({ tasks: 1, done: 1, open: 0, nextTaskDueAt: null });
    const csv = await csvRows(`/reports/task-progress?from=${m}&to=${m}&by=complaint`, 'quality.liu');
    expect(csv.rows).toEqual(byComplaint.body.rows);
  });

  it('SLA compliance per month, category and urgency, in percent with counts', async () => {
    const m = month();
    const body = await eventually(`/reports/sla-compliance?from=${m}&to=${m}`, 'gm.chen',
      (b) => b.rows.find((r: any) => r.category === 'PRODUCT_QUALITY')?.responded === 1);
    expect(body.rows.find((r: any) => r.category === 'PRODUCT_QUALITY' && r.urgency === 'URGENT')).toMatchObject({
      month: m, received: 1, planned: 1, plannedOnTime: 1, planOnTimePercent: 100, responded: 1, respondedOnTime: 1, resolutionOnTimePercent: 100, notified: 1,
    });
    const total = body.rows.find((r: any) => r.category === 'ALL');
    expect(total).toMatchObject({ received: 8, planned: 3, notified: 8 });
    expect(total.averageFirstNotificationMinutes).toBeGreaterThanOrEqual(0);
    const csv = await csvRows(`/reports/sla-compliance?from=${m}&to=${m}`, 'gm.chen');
    expect(csv.rows).toEqual(body.rows);
  });

  it('changes nothing when a stream record comes again (a retried batch)', async () => {
    const { projectChange } = await import('../../shared/services/projections.ts');
    const { readView } = await import('../../shared/store/projections.ts');
    const { getComplaint } = await import('../../shared/store/complaints.ts');
    await cloud.streamsSettled();
    const m = month();
    const report = () => cloud.api('GET', `/reports/sla-compliance?from=${m}&to=${m}`, { as: 'gm.chen' }).then((r) => r.body);
    const [viewBefore, reportBefore] = [await readView(ids.A!), await report()];
    const image = { ...(await getComplaint(ids.A!)) } as unknown as Record<string, unknown>;
    expect(await projectChange({ complaintId: ids.A!, sortKey: 'COMPLAINT', image, sequence: viewBefore!.seq.complaint! })).toBe('ALREADY_APPLIED');
    expect(await projectChange({ complaintId: ids.A!, sortKey: 'COMPLAINT', image, sequence: '1' })).toBe('ALREADY_APPLIED');
    expect(await readView(ids.A!)).toEqual(viewBefore);
    expect(await report()).toEqual(reportBefore);
  });

  it('reads every queue and report with Query and Get, never a Scan', () => {
    expect(commands.length).toBeGreaterThan(50);
    expect(commands).not.toContain('ScanCommand');
  });
  it('refuses a bad period, limit or cursor with a 400 naming it, and writes nothing', async () => {
    const bad = async (path: string, field: string) => {
      const body = await refusedWithNothingWritten(() => cloud.api('GET', path, { as: 'gm.chen' }), 400);
      expect(JSON.stringify(body)).toContain(field);
    };
    await bad('/reports/sla-compliance?from=2026-11&to=2026-10', 'query.to');
    await bad('/reports/sla-compliance?from=2024-01&to=2026-11', 'query.to');
    await bad('/reports/sla-compliance?from=2026-13', 'query.from');
    await bad('/queues/open-complaints?limit=0', 'query.limit');
    await bad('/queues/open-complaints?sort=due', 'query');
    await bad(`/queues/open-complaints?cursor=${Buffer.from(JSON.stringify({ p: 0, k: { PK: 'X', SK: 'Y', GSI2PK: 'OPEN#NORMAL', GSI2SK: 'z' } })).toString('base64url')}`, 'query.cursor');
    await bad(`/queues/my-tasks?cursor=${Buffer.from('{"p":7}').toString('base64url')}`, 'query.cursor');
    await bad(`/reports/customer-status?cursor=${Buffer.from('{"after":"ASSIGNEE#x"}').toString('base64url')}`, 'query.cursor');
    await bad('/customers/SY001/complaints?receivedFrom=2026-11-30&receivedTo=2026-11-01', 'query.receivedTo');
    // A real cursor, used for another list or under other filters: refused, never a DynamoDB error.
    const first = await cloud.api('GET', '/queues/open-complaints?limit=1', { as: 'gm.chen' });
    expect(first.body.next).toBeTruthy();
    await bad(`/queues/open-complaints?limit=1&status=IN_PROGRESS&cursor=${first.body.next}`, 'query.cursor');
    await bad(`/queues/sla-risk?cursor=${first.body.next}`, 'query.cursor');
    const newest = await cloud.api('GET', '/customers/SY001/complaints?limit=1&receivedFrom=2026-01-01', { as: 'gm.chen' });
    await bad(`/customers/SY001/complaints?limit=1&receivedTo=2026-01-02&cursor=${newest.body.next}`, 'query.cursor');
  });

});

describe('a table from before the projections', () => {
  it('is caught up by the backfill, which leaves what the stream already projected alone', async () => {
    const { DeleteCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { db, tableName } = await import('../../shared/store/db.ts');
    const { readView, readTaskViews, counterUpdate } = await import('../../shared/store/projections.ts');
    const { counterDelta, taskViewCounters, viewCounters } = await import('../../shared/domain/projections.ts');
    const { key } = await import('../../shared/table-keys.ts');
    const { backfillProjections } = await import('../../infra/admin/backfill-projections.ts');
    await cloud.streamsSettled();
    const m = month();
    const reports = async () => Promise.all(['customer-status', 'sla-compliance', 'task-progress'].map((r) =>
      cloud.api('GET', `/reports/${r}?from=${m}&to=${m}`, { as: 'gm.chen' }).then((res) => res.body.rows)));
    const before = { view: await readView(ids.B!), tasks: await readTaskViews(ids.B!), reports: await reports() };
    // Complaint B as if it had been written before the stream existed: no views, not in the counters.
    const taken = counterDelta([...viewCounters(before.view!), ...before.tasks.flatMap(taskViewCounters)], []);
    for (const counter of taken) await db.send(new UpdateCommand(counterUpdate(counter).Update!));
    await db.send(new DeleteCommand({ TableName: tableName, Key: key.complaintView(ids.B!) }));
    for (const t of before.tasks) await db.send(new DeleteCommand({ TableName: tableName, Key: key.taskView(ids.B!, t.taskId) }));
    expect(idsOf((await cloud.api('GET', '/queues/open-complaints?limit=100', { as: 'quality.liu' })).body.items)).not.toContain(ids.B);

    // Every other complaint's projections, made by the stream record by record, equal a rebuild from scratch: only B is written.
    const { complaints, applied } = await backfillProjections();
    expect({ complaints, applied }).toEqual({ complaints: Object.keys(ids).length, applied: 1 });
    const after = await readView(ids.B!);
    expect({ ...after, version: 0, seq: {} }).toEqual({ ...before.view, version: 0, seq: {} });
    expect(await readTaskViews(ids.B!)).toEqual(before.tasks.map((t) => ({ ...t, seq: expect.any(String) })));
    expect(await reports()).toEqual(before.reports);
    expect(idsOf((await cloud.api('GET', '/queues/open-complaints?limit=100', { as: 'quality.liu' })).body.items)).toContain(ids.B);
    // Again: nothing left to do.
    expect((await backfillProjections()).applied).toBe(0);
  });
});
