import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../shared/domain/signature.ts';
import { localSecretValue } from '../../infra/local/aws-endpoints.ts';
import { laptopComplaint, startTestCloud } from '../support/test-cloud.ts';

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
beforeAll(async () => { cloud = await startTestCloud(); });
afterAll(async () => { await cloud?.stop(); });

const secret = localSecretValue('PHONE_WEBHOOK_SECRET');
const now = () => Math.floor(Date.now() / 1000);

/** POST a call event as the phone system does: raw JSON body, timestamp and signature headers. */
async function postCallEvent(event: Record<string, unknown>, sign: { secret?: string; timestamp?: number; signature?: string } = {}) {
  const body = JSON.stringify(event);
  const timestamp = sign.timestamp ?? now();
  const res = await fetch(`${cloud.endpoints.api}/phone-system/call-events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-pbx-timestamp': String(timestamp),
      'x-pbx-signature': sign.signature ?? signWebhook(sign.secret ?? secret, timestamp, body),
    },
    body,
  });
  return { status: res.status, body: await res.json() as any };
}

async function callRecord(callId: string) {
  const { getCall } = await import('../../shared/store/calls.ts');
  return getCall(callId);
}

describe('phone-system webhook', () => {
  it('answers a ringing call from a known number with the screen pop', async () => {
    const { status, body } = await postCallEvent({ callId: 'call-known-1', event: 'RINGING', callerNumber: '138 0013 8000' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ callId: 'call-known-1', phone: '+8613800138000', match: true });
    expect(body.customers[0].customer.code).toBe('SY001');
    expect(body.customers[0].recentDocuments[0]).toMatchObject({ number: 'DN-2026-0815', warranty: 'IN_WARRANTY' });
  });

  it('records a call event once however often it is delivered, and answers each delivery the same', async () => {
    const event = { callId: 'call-retried-1', event: 'RINGING', callerNumber: '+8613800138000' };
    const first = await postCallEvent(event);
    // Meanwhile the customer's picture changes; redeliveries still get the first answer.
    await cloud.api('POST', '/complaints', { as: 'agent.wang', body: { ...laptopComplaint, callId: 'call-retried-1' } });
    const deliveries = await Promise.all(Array.from({ length: 9 }, () => postCallEvent(event)));
    for (const again of deliveries) expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(await callRecord('call-retried-1')).toHaveLength(1);
  });

  it('says clearly that an unknown number matches no customer', async () => {
    const { status, body } = await postCallEvent({ callId: 'call-unknown-1', event: 'RINGING', callerNumber: '+8613999999999' });
    expect(status).toBe(200);
    expect(body).toEqual({ callId: 'call-unknown-1', event: 'RINGING', phone: '+8613999999999', match: false, customers: [] });
  });

  it('returns every customer that shares a number', async () => {
    const { putCustomer } = await import('../../shared/store/master-data.ts');
    await putCustomer({
      code: 'SY002', name: 'Shenyang Precision Service Branch', phones: ['+862488880001'], locale: 'zh-CN',
      contacts: [{ name: 'Front desk', phone: '+862488880001' }], addresses: [{ line1: '20 Hunnan East Road', city: 'Shenyang', country: 'CN' }],
    });
    const { body } = await postCallEvent({ callId: 'call-shared-1', event: 'ANSWERED', callerNumber: '024 8888 0001' });
    expect(body.customers.map((c: any) => c.customer.code).sort()).toEqual(['SY001', 'SY002']);
  });

  it('accepts a withheld number as no match', async () => {
    const { status, body } = await postCallEvent({ callId: 'call-withheld-1', event: 'RINGING', callerNumber: 'anonymous' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ phone: null, match: false });
  });

  it('rejects a malformed number with 400 naming the field, and writes nothing', async () => {
    const { status, body } = await postCallEvent({ callId: 'call-bad-number', event: 'RINGING', callerNumber: '12ab' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ field: 'body.callerNumber' });
    expect(await callRecord('call-bad-number')).toBeUndefined();
  });

  it('rejects a bad signature, a wrong secret, a missing signature and a stale timestamp with 401, writing nothing', async () => {
    const event = { callId: 'call-forged', event: 'RINGING', callerNumber: '+8613800138000' };
    expect((await postCallEvent(event, { signature: 'v1=deadbeef' })).status).toBe(401);
    expect((await postCallEvent(event, { secret: 'not-the-secret' })).status).toBe(401);
    const stale = await postCallEvent(event, { timestamp: now() - 301 });
    expect(stale).toMatchObject({ status: 401, body: { error: 'Unauthorized', message: expect.stringContaining('window') } });
    const unsigned = await fetch(`${cloud.endpoints.api}/phone-system/call-events`, { method: 'POST', body: JSON.stringify(event) });
    expect(unsigned.status).toBe(401);
    expect(await callRecord('call-forged')).toBeUndefined();
  });

  it('rejects a signed but invalid event with 400 and the field path', async () => {
    const { status, body } = await postCallEvent({ callId: 'call-invalid', event: 'HANGUP', callerNumber: '+8613800138000' });
    expect(status).toBe(400);
    expect(body.issues[0].path).toBe('body.event');
  });

  it('lets the agent create the complaint on the call, linking the two', async () => {
    await postCallEvent({ callId: 'call-then-complaint', event: 'ANSWERED', callerNumber: '+8613911112222' });
    const { status, body } = await cloud.api('POST', '/complaints', {
      as: 'agent.wang',
      body: { ...laptopComplaint, documentNumber: 'SO-2026-1002', callId: 'call-then-complaint', contactName: 'Ms. Zhang', contactPhone: '139 1111 2222' },
    });
    expect(status).toBe(201);
    const record = await cloud.api('GET', `/complaints/${body.complaintId}`, { as: 'service.zhao' });
    expect(record.body.complaint).toMatchObject({
      callId: 'call-then-complaint', customerCode: 'BJ002', contactPhone: '+8613911112222', warranty: 'OUT_OF_WARRANTY',
    });
  });
});

describe('Amazon Connect lookup', () => {
  const invoke = (event: unknown) => cloud.invoke('ConnectCustomerLookupFn', event);
  const sample = JSON.parse(readFileSync(new URL('../fixtures/connect-contact-flow-event.json', import.meta.url), 'utf8'));

  it('answers a recorded contact-flow event with flat string attributes', async () => {
    const attributes = await invoke(sample) as Record<string, string>;
    expect(attributes).toMatchObject({ match: 'true', customerCode: 'SY001', customerName: 'Shenyang Precision Instruments Co.', callerPhone: '+8613800138000' });
    expect(Number(attributes.openComplaintCount)).toBeGreaterThan(0);
    expect(attributes.mostUrgentComplaintId).toMatch(/^CMP-\d{4}-\d{6}$/);
    for (const value of Object.values(attributes)) expect(typeof value).toBe('string');
  });

  it('answers an unknown caller with match=false', async () => {
    const unknown = structuredClone(sample);
    unknown.Details.ContactData.CustomerEndpoint.Address = '+8613999999999';
    expect(await invoke(unknown)).toMatchObject({ match: 'false', customerCode: '', openComplaintCount: '0' });
  });

  it('fails the invocation on an event that is not a contact-flow event (the flow takes its Error branch)', async () => {
    await expect(invoke({ Name: 'SomethingElse', Details: {} })).rejects.toThrow();
  });

  it('treats an unparseable caller address as no match', async () => {
    const odd = structuredClone(sample);
    odd.Details.ContactData.CustomerEndpoint.Address = 'sip:unknown@pbx';
    expect(await invoke(odd)).toMatchObject({ match: 'false', callerPhone: '' });
  });
});

describe("the agent's screen pop (GET /calls/current)", () => {
  const current = async (as: string) => (await cloud.api('GET', '/calls/current', { as })) as { status: number; body: any };

  it('shows the call ringing at the agent\'s own extension, then nothing once it ends, whatever order the events come in', async () => {
    const at = (seconds: number) => new Date(Date.now() - 60_000 + seconds * 1000).toISOString();
    expect((await current('agent.wang')).body).toEqual({ extension: '8001', call: null });

    await postCallEvent({ callId: 'call-desk-1', event: 'RINGING', callerNumber: '138 0013 8000', agentExtension: '8001', occurredAt: at(0) });
    const ringing = await current('agent.wang');
    expect(ringing.status).toBe(200);
    expect(ringing.body.call).toMatchObject({ callId: 'call-desk-1', event: 'RINGING', phone: '+8613800138000', match: true });
    expect(ringing.body.call.customers[0].customer.code).toBe('SY001');
    expect(ringing.body.call.customers[0].recentDocuments[0]).toMatchObject({ number: 'DN-2026-0815', warranty: 'IN_WARRANTY' });

    // Another person has no extension on file: they never see someone else's call; with their own extension, only their own calls.
    expect((await current('service.zhao')).body).toEqual({ extension: null, call: null });
    const { getPerson, putPerson } = await import('../../shared/store/master-data.ts');
    await putPerson({ ...(await getPerson('service.zhao'))!, extension: '8002' });
    expect((await current('service.zhao')).body).toEqual({ extension: '8002', call: null });

    await postCallEvent({ callId: 'call-desk-1', event: 'ENDED', callerNumber: '138 0013 8000', agentExtension: '8001', occurredAt: at(30) });
    expect((await current('agent.wang')).body.call).toBeNull();
    // The phone system redelivers the ANSWERED event late: the ended call does not come back.
    await postCallEvent({ callId: 'call-desk-1', event: 'ANSWERED', callerNumber: '138 0013 8000', agentExtension: '8001', occurredAt: at(5) });
    expect((await current('agent.wang')).body.call).toBeNull();

    // The next call at the desk pops up again.
    await postCallEvent({ callId: 'call-desk-2', event: 'ANSWERED', callerNumber: '+8613999999999', agentExtension: '8001', occurredAt: at(40) });
    expect((await current('agent.wang')).body.call).toMatchObject({ callId: 'call-desk-2', event: 'ANSWERED', match: false, customers: [] });
  });

  it('shows the next caller handed over in the same second as the last one hung up, and ends a call that rang out with no extension named', async () => {
    const second = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    await postCallEvent({ callId: 'call-queue-a', event: 'ANSWERED', callerNumber: '138 0013 8000', agentExtension: '8003', occurredAt: new Date(Date.parse(second) - 60_000).toISOString() });
    const { putPerson, getPerson } = await import('../../shared/store/master-data.ts');
    await putPerson({ ...(await getPerson('agent.wang'))!, extension: '8003' });
    try {
      // Whole-second stamps: B rings in the second A ends, delivered in either order.
      await postCallEvent({ callId: 'call-queue-b', event: 'RINGING', callerNumber: '+8613999999999', agentExtension: '8003', occurredAt: second });
      await postCallEvent({ callId: 'call-queue-a', event: 'ENDED', callerNumber: '138 0013 8000', agentExtension: '8003', occurredAt: second });
      expect((await current('agent.wang')).body.call).toMatchObject({ callId: 'call-queue-b', event: 'RINGING' });
      // B's caller hangs up before anyone answers: the phone system names no extension on the ENDED event.
      await postCallEvent({ callId: 'call-queue-b', event: 'ENDED', callerNumber: '+8613999999999', occurredAt: second });
      expect((await current('agent.wang')).body.call).toBeNull();
      // A phone system whose clock is hours ahead (local time sent as UTC) does not freeze the desk.
      await postCallEvent({ callId: 'call-future', event: 'ANSWERED', callerNumber: '138 0013 8000', agentExtension: '8003', occurredAt: new Date(Date.now() + 8 * 3600_000).toISOString() });
      await postCallEvent({ callId: 'call-future', event: 'ENDED', callerNumber: '138 0013 8000', agentExtension: '8003', occurredAt: new Date(Date.now() + 8 * 3600_000 + 60_000).toISOString() });
      await postCallEvent({ callId: 'call-after', event: 'RINGING', callerNumber: '138 0013 8000', agentExtension: '8003' });
      expect((await current('agent.wang')).body.call).toMatchObject({ callId: 'call-after' });
    } finally {
      await putPerson({ ...(await getPerson('agent.wang'))!, extension: '8001' });
    }
  });

  it('stops showing a call that rang for minutes without an answer, or was answered hours ago without an end', async () => {
    const { currentCall } = await import('../../shared/services/phone-calls.ts');
    const { getPerson } = await import('../../shared/store/master-data.ts');
    const agent = (await getPerson('agent.wang'))!;
    await postCallEvent({ callId: 'call-missed', event: 'RINGING', callerNumber: '138 0013 8000', agentExtension: '8001' });
    const in_ = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    expect((await currentCall(agent, in_(2))).call).toMatchObject({ callId: 'call-missed' });
    expect((await currentCall(agent, in_(4))).call).toBeNull();
    await postCallEvent({ callId: 'call-long', event: 'ANSWERED', callerNumber: '138 0013 8000', agentExtension: '8001' });
    expect((await currentCall(agent, in_(60))).call).toMatchObject({ callId: 'call-long' });
    expect((await currentCall(agent, in_(121))).call).toBeNull();
  });

  it('is refused to people who do not take calls', async () => {
    expect((await current('tech.zhou')).status).toBe(403);
  });
});

describe('a document as a new complaint would take it (GET /documents/{number})', () => {
  it('shows the document with its warranty, customer, salesperson and the open complaint it would join', async () => {
    const { putDocument } = await import('../../shared/store/master-data.ts');
    await putDocument({ number: 'SO-LOOKUP-1', kind: 'ORDER', customerCode: 'BJ002', productCode: 'MN-27', productName: '27-inch monitor', shipDate: '2024-01-15', warrantyMonths: 12, salespersonId: 'sales.li' });
    const { status, body } = await cloud.api('GET', '/documents/SO-LOOKUP-1', { as: 'agent.wang' }) as { status: number; body: any };
    expect(status).toBe(200);
    expect(body.document).toMatchObject({ number: 'SO-LOOKUP-1', customerCode: 'BJ002', warranty: 'OUT_OF_WARRANTY' });
    expect(body.customer).toMatchObject({ code: 'BJ002', contacts: [expect.objectContaining({ name: 'Zhang Min' })] });
    expect(body.salesperson).toEqual({ personId: 'sales.li', name: 'Li Na' });
    expect(body.openComplaint).toBeNull();

    const made = await cloud.api('POST', '/complaints', { as: 'agent.wang', body: { ...laptopComplaint, documentNumber: 'SO-LOOKUP-1' } }) as { body: any };
    const again = await cloud.api('GET', '/documents/SO-LOOKUP-1', { as: 'agent.wang' }) as { body: any };
    expect(again.body.openComplaint).toMatchObject({ complaintId: made.body.complaintId });
  });

  it('says 404 for a number that is not on file, and 403 to those who do not make complaints', async () => {
    expect((await cloud.api('GET', '/documents/DN-NOWHERE', { as: 'agent.wang' }) as { status: number }).status).toBe(404);
    expect((await cloud.api('GET', '/documents/DN-2026-0815', { as: 'tech.zhou' }) as { status: number }).status).toBe(403);
  });
});
