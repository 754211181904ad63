import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSeconds, laptopComplaint, startTestCloud, waitForComplaint } from '../support/test-cloud.ts';
import { sampleDocuments } from '../../infra/local/sample-data.ts';

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
beforeAll(async () => { cloud = await startTestCloud(); });
afterAll(async () => { await cloud?.stop(); });

/** A delivery note of its own for SY001, so open-case detection does not link tests together. */
async function freshDocument(tag: string): Promise<string> {
  const { putDocument } = await import('../../shared/store/master-data.ts');
  const number = `DN-${tag}-${Date.now()}`;
  await putDocument({ ...sampleDocuments[0]!, number, serialNumber: `SN-${tag}-${Date.now()}` });
  return number;
}

/** Complaints of the demo customer, through the same index the screen pop reads. */
async function complaintsOfSY001() {
  const { body } = await cloud.api('GET', '/callers/+8613800138000', { as: 'agent.wang' });
  return body.customers[0].recentComplaints as { complaintId: string }[];
}

describe('caller lookup', () => {
  it('finds the customer behind a number, however it is written, with recent documents', async () => {
    const { status, body } = await cloud.api('GET', `/callers/${encodeURIComponent('0086 138 0013 8000')}`, { as: 'agent.wang' });
    expect(status).toBe(200);
    expect(body.match).toBe(true);
    expect(body.customers.map((c: any) => c.customer.code)).toEqual(['SY001']);
    expect(body.customers[0].recentDocuments[0]).toMatchObject({ number: 'DN-2026-0815', serialNumber: 'SN-LT14P-77001' });
  });

  it('answers an unknown number with a clear no-match', async () => {
    const { status, body } = await cloud.api('GET', '/callers/+8613999999999', { as: 'agent.wang' });
    expect(status).toBe(200);
    expect(body).toEqual({ phone: '+8613999999999', match: false, customers: [] });
  });

  it('rejects a malformed number with 400 naming the field', async () => {
    const { status, body } = await cloud.api('GET', '/callers/12x', { as: 'agent.wang' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'InvalidField', field: 'path.phone' });
  });
});

describe('creating a complaint', () => {
  it('fills customer, product, serial, ship date, salesperson and warranty from the delivery note', async () => {
    const { status, body } = await cloud.api('POST', '/complaints', { as: 'agent.wang', body: laptopComplaint });
    expect(status).toBe(201);
    const record = await waitForComplaint(cloud.api, body.complaintId, (r) => r.complaint.status === 'AWAITING_PLAN');
    expect(record.complaint).toMatchObject({
      customerCode: 'SY001', productCode: 'LT-14P', serialNumber: 'SN-LT14P-77001', shipDate: '2026-10-30',
      salespersonId: 'sales.li', warranty: 'IN_WARRANTY', urgency: 'URGENT', category: 'PRODUCT_QUALITY', recordedBy: 'agent.wang',
      slaPolicy: 'urgent-48h',
    });
    expect(record.complaint.stepTokens).toBeUndefined();
    expect(record.complaint.executionId).toContain(body.complaintId);
  });

  it('rejects bad input with 400, every field path and reason, and writes nothing', async () => {
    const before = await complaintsOfSY001();
    const { status, body } = await cloud.api('POST', '/complaints', {
      as: 'agent.wang', body: { ...laptopComplaint, description: '', urgency: 'VERY', category: undefined },
    });
    expect(status).toBe(400);
    expect(body.error).toBe('ValidationFailed');
    expect(body.issues.map((i: any) => i.path).sort()).toEqual(['body.category', 'body.description', 'body.urgency']);
    expect(await complaintsOfSY001()).toEqual(before);
  });

  it('rejects a body that is not JSON', async () => {
    const { status, body } = await cloud.api('POST', '/complaints', { as: 'agent.wang', body: '{oops' });
    expect(status).toBe(400);
    expect(body.issues).toEqual([{ path: 'body', message: 'not valid JSON' }]);
  });

  it('rejects an unknown order with 400 on documentNumber and writes nothing', async () => {
    const before = await complaintsOfSY001();
    const { status, body } = await cloud.api('POST', '/complaints', { as: 'agent.wang', body: { ...laptopComplaint, documentNumber: 'DN-NOPE' } });
    expect(status).toBe(400);
    expect(body).toMatchObject({ field: 'body.documentNumber' });
    expect(await complaintsOfSY001()).toEqual(before);
  });

  it('refuses a person who is not a service agent', async () => {
    const { status } = await cloud.api('POST', '/complaints', { as: 'tech.zhou', body: laptopComplaint });
    expect(status).toBe(403);
    expect((await cloud.api('POST', '/complaints', { body: laptopComplaint })).status).toBe(401);
  });

  it('returns the same complaint when a phone system repeats the request with its idempotency key', async () => {
    const documentNumber = await freshDocument('IDEM');
    const headers = { 'idempotency-key': 'pbx-call-0001-attempt' };
    const body = { ...laptopComplaint, documentNumber };
    const first = await cloud.api('POST', '/complaints', { as: 'agent.wang', body, headers });
    const again = await cloud.api('POST', '/complaints', { as: 'agent.wang', body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ complaintId: first.body.complaintId, created: false, linked: false });
    const ids = (await complaintsOfSY001()).map((c) => c.complaintId);
    expect(ids.filter((id) => id === first.body.complaintId)).toHaveLength(1);
    const executions = cloud.stepFunctions.listExecutions().filter((e) => e.name === first.body.complaintId);
    expect(executions).toHaveLength(1);
  });

  it('refuses an idempotency key reused for a different request (other text, or another agent) and records nothing', async () => {
    const documentNumber = await freshDocument('IDEM2');
    const headers = { 'idempotency-key': 'pbx-call-0002-attempt' };
    const body = { ...laptopComplaint, documentNumber };
    const first = await cloud.api('POST', '/complaints', { as: 'agent.wang', body, headers });
    expect(first.status).toBe(201);
    const { tableSnapshot } = await import('../support/table-snapshot.ts');
    await waitForComplaint(cloud.api, first.body.complaintId, (r) => r.complaint.status === 'AWAITING_PLAN');
    const before = await tableSnapshot();
    for (const [as, changed] of [['agent.wang', { ...body, description: 'A different complaint' }], ['service.zhao', body]] as const) {
      const reused = await cloud.api('POST', '/complaints', { as, body: changed, headers });
      expect(reused.status, JSON.stringify(reused.body)).toBe(422);
      expect(reused.body).toMatchObject({ error: 'IdempotencyKeyReused', field: 'header.idempotency-key' });
    }
    expect(await tableSnapshot()).toBe(before);
  });

  it('links a call about a unit that already has an open complaint instead of opening a second one', async () => {
    const documentNumber = await freshDocument('DUP');
    const first = await cloud.api('POST', '/complaints', { as: 'agent.wang', body: { ...laptopComplaint, documentNumber } });
    const before = await complaintsOfSY001();
    const second = await cloud.api('POST', '/complaints', {
      as: 'agent.wang', body: { ...laptopComplaint, documentNumber, description: 'Customer calls again: still no visit' },
    });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ complaintId: first.body.complaintId, created: false, linked: true });
    expect(await complaintsOfSY001()).toHaveLength(before.length);
    const record = await cloud.api('GET', `/complaints/${first.body.complaintId}`, { as: 'service.zhao' });
    expect(record.body.timeline.find((e: any) => e.type === 'REPEAT_CONTACT').detail.description).toBe('Customer calls again: still no visit');
  });

  it('numbers complaints per year without gaps, also when agents create them at the same moment', async () => {
    const docs = await Promise.all([1, 2, 3, 4, 5].map((n) => freshDocument(`NUM${n}`)));
    const created = await Promise.all(docs.map((documentNumber) =>
      cloud.api('POST', '/complaints', { as: 'agent.wang', body: { ...laptopComplaint, documentNumber } })));
    expect(created.map((c) => c.status)).toEqual([201, 201, 201, 201, 201]);
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
    const numbers = created.map((c) => c.body.complaintId as string);
    for (const n of numbers) expect(n).toMatch(new RegExp(`^CMP-${year}-\\d{6}$`));
    const sequence = numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b);
    expect(sequence).toEqual([0, 1, 2, 3, 4].map((i) => sequence[0]! + i));
  });

  it('enforces the company policy on required fields, naming each one', async () => {
    const { customerRequirements: _omit, ...withoutRequirements } = laptopComplaint;
    const { status, body } = await cloud.api('POST', '/complaints', {
      as: 'agent.wang', body: { ...withoutRequirements, description: 'broken', contactPhone: '12' },
    });
    expect(status).toBe(400);
    expect(body.issues).toEqual([
      { path: 'body.description', message: 'describe the problem in at least 10 characters' },
      { path: 'body.customerRequirements', message: 'required by company policy' },
      { path: 'body.contactPhone', message: '12 is not a valid phone number' },
    ]);
  });

  it('refuses a complaint that names a call the phone system never reported', async () => {
    const { status, body } = await cloud.api('POST', '/complaints', { as: 'agent.wang', body: { ...laptopComplaint, callId: 'no-such-call' } });
    expect(status).toBe(400);
    expect(body.field).toBe('body.callId');
  });
});

describe('plan submission', () => {
  it('accepts only a quality manager, future deadlines and known assignees who can complete tasks', async () => {
    const documentNumber = await freshDocument('PLAN');
    const { body } = await cloud.api('POST', '/complaints', { as: 'agent.wang', body: { ...laptopComplaint, documentNumber } });
    const id = body.complaintId;
    await waitForComplaint(cloud.api, id, (r) => r.complaint.status === 'AWAITING_PLAN');
    const plan = { summary: 'fix it', tasks: [{ title: 'Site visit', assigneeId: 'tech.zhou', dueAt: inSeconds(3600) }] };

    expect((await cloud.api('POST', `/complaints/${id}/plan`, { as: 'sales.li', body: plan })).status).toBe(403);
    const past = await cloud.api('POST', `/complaints/${id}/plan`, { as: 'quality.liu', body: { ...plan, tasks: [{ ...plan.tasks[0], dueAt: inSeconds(-60) }] } });
    expect(past).toMatchObject({ status: 400, body: { field: 'body.tasks.0.dueAt' } });
    const nobody = await cloud.api('POST', `/complaints/${id}/plan`, { as: 'quality.liu', body: { ...plan, tasks: [{ ...plan.tasks[0], assigneeId: 'ghost' }] } });
    expect(nobody).toMatchObject({ status: 400, body: { field: 'body.tasks.0.assigneeId' } });
    // A purchasing manager could never complete the task (the access matrix), so cannot hold one.
    const cannotComplete = await cloud.api('POST', `/complaints/${id}/plan`, { as: 'quality.liu', body: { ...plan, tasks: [{ ...plan.tasks[0], assigneeId: 'purchasing.sun' }] } });
    expect(cannotComplete).toMatchObject({ status: 400, body: { field: 'body.tasks.0.assigneeId' } });
    const badDate = await cloud.api('POST', `/complaints/${id}/plan`, { as: 'quality.liu', body: { ...plan, tasks: [{ ...plan.tasks[0], dueAt: 'tomorrow' }] } });
    expect(badDate.status).toBe(400);
    expect(badDate.body.issues[0].path).toBe('body.tasks.0.dueAt');

    const still = await cloud.api('GET', `/complaints/${id}`, { as: 'service.zhao' });
    expect(still.body.complaint.status).toBe('AWAITING_PLAN');
    expect(still.body.tasks).toEqual([]);

    expect((await cloud.api('POST', `/complaints/${id}/plan`, { as: 'quality.liu', body: plan })).status).toBe(201);
    expect(await cloud.api('POST', `/complaints/${id}/plan`, { as: 'quality.liu', body: plan })).toMatchObject({ status: 409, body: { message: `complaint ${id} has a plan already` } });
  });

  it('answers 404 for a complaint that does not exist', async () => {
    expect((await cloud.api('GET', '/complaints/CMP-2026-999998', { as: 'service.zhao' })).status).toBe(404);
    const malformed = await cloud.api('GET', '/complaints/CMP-NOPE', { as: 'service.zhao' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues[0].path).toBe('path.complaintId');
  });

  it('shows complaints and callers only to signed-in staff', async () => {
    expect((await cloud.api('GET', '/complaints/CMP-NOPE')).status).toBe(401);
    expect((await cloud.api('GET', '/callers/+8613800138000')).status).toBe(401);
    expect((await cloud.api('GET', '/callers/+8613800138000', { as: 'admin.ma' })).status).toBe(403);
  });
});
