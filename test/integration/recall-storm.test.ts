import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { sampleDocuments } from '../../infra/local/sample-data.ts';
import { laptopComplaint, startTestCloud } from '../support/test-cloud.ts';

/**
 * After a product recall the call centre takes a burst of complaints at once: every caller gets
 * their complaint, and the numbers stay unique and gapless per year (shared/store/complaint-numbers.ts),
 * also when some creations turn out to be repeats or links and when one dies half-way.
 */
const CALLERS = 200;
const year = new Date().getUTCFullYear();
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let token = '';
beforeAll(async () => {
  cloud = await startTestCloud();
  const { putDocument } = await import('../../shared/store/master-data.ts');
  for (let n = 1; n <= CALLERS + 20; n++) await putDocument({ ...sampleDocuments[0]!, number: `DN-STORM-${n}`, serialNumber: `SN-STORM-${n}` });
  token = await cloud.signIn('agent.wang');
});
afterAll(async () => { await cloud?.stop(); });

const create = (documentNumber: string, idempotencyKey: string) => fetch(`${cloud.endpoints.api}/complaints`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': idempotencyKey },
  body: JSON.stringify({ ...laptopComplaint, documentNumber }),
}).then(async (r) => ({ status: r.status, body: await r.json() as any }));

/** Every number of the year up to the counter is held by exactly one complaint. */
async function expectGapless() {
  const { db, tableName } = await import('../../shared/store/db.ts');
  const { key } = await import('../../shared/table-keys.ts');
  const { complaintNumber } = await import('../../shared/store/complaint-numbers.ts');
  const counter = await db.send(new GetCommand({ TableName: tableName, Key: key.counter(`COMPLAINT#${year}`), ConsistentRead: true }));
  const taken = Number(counter.Item?.value);
  const missing: string[] = [];
  for (let n = 1; n <= taken; n++) {
    const item = await db.send(new GetCommand({ TableName: tableName, Key: key.complaint(complaintNumber(year, n)), ConsistentRead: true }));
    if (!item.Item) missing.push(complaintNumber(year, n));
  }
  return { taken, missing };
}

/** Numbers taken and put back, waiting for the next creation. */
async function releasedNumbers(): Promise<string[]> {
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const { db, tableName } = await import('../../shared/store/db.ts');
  const { key } = await import('../../shared/table-keys.ts');
  const { complaintNumber } = await import('../../shared/store/complaint-numbers.ts');
  const out = await db.send(new QueryCommand({
    TableName: tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :free)',
    ExpressionAttributeValues: { ':pk': key.releasedNumbersScope(year), ':free': 'FREE#' }, ConsistentRead: true,
  }));
  return (out.Items ?? []).map((i) => complaintNumber(year, Number(i.n)));
}

describe('a recall storm', () => {
  it(`takes ${CALLERS} simultaneous complaints, every one, numbered uniquely and without gaps`, async () => {
    const created = await Promise.all(Array.from({ length: CALLERS }, (_, i) => create(`DN-STORM-${i + 1}`, `storm-call-${i + 1}`)));
    expect(created.filter((c) => c.status !== 201).map((c) => `${c.status} ${JSON.stringify(c.body)}`)).toEqual([]);
    const numbers = created.map((c) => Number(String(c.body.complaintId).slice(-6))).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(await expectGapless()).toEqual({ taken: CALLERS, missing: [] });
  }, 120_000);

  it('spends no number on repeats and links, even when they race the first request', async () => {
    // Straight to the store, so that all 20 pass the "seen before?" check before any writes: 5
    // units, each reported 4 times at once — twice with one key (a retry), twice more with other
    // keys (other callers about the same unit, linked to the open complaint).
    const { insertComplaint } = await import('../../shared/store/complaints.ts');
    const draft = (d: number) => ({
      status: 'RECEIVED' as const, customerCode: 'SY001', customerName: 'Shenyang', documentNumber: `DN-RACE-${d}`,
      productCode: 'LT-14P', productName: 'Laptop', shipDate: '2026-10-30', warranty: 'IN_WARRANTY' as const,
      salespersonId: 'sales.li', description: 'Screen', urgency: 'URGENT' as const, category: 'PRODUCT_QUALITY' as const,
      recordedBy: 'agent.wang', receivedAt: new Date().toISOString(), stepTokens: {},
    });
    const calls = Array.from({ length: 5 }, (_, d) => ['a', 'a', 'b', 'c'].map((k) => ({ d, idempotencyKey: `race-${d}-${k}` }))).flat();
    const results = await Promise.all(calls.map(({ d, idempotencyKey }) =>
      insertComplaint({ draft: draft(d), year, idempotencyKey, openKeys: [`SY001#DOC#DN-RACE-${d}`] })));
    expect(results.filter((r) => r.outcome === 'CREATED')).toHaveLength(5);
    for (let d = 0; d < 5; d++) expect(new Set(results.slice(d * 4, d * 4 + 4).map((r) => r.complaintId)).size).toBe(1);

    // The racers that lost took numbers and released them: each number is a complaint or released.
    const released = await releasedNumbers();
    expect(released.length, 'the race did not happen').toBeGreaterThan(0);
    expect((await expectGapless()).missing.sort()).toEqual(released.sort());
    // The next creations use the released numbers first; then no number is missing.
    for (let n = 1; n <= released.length; n++) {
      const next = await create(`DN-STORM-${CALLERS + n}`, `after-race-${n}`);
      expect(next.status).toBe(201);
      expect(released).toContain(next.body.complaintId);
    }
    expect(await releasedNumbers()).toEqual([]);
    expect((await expectGapless()).missing).toEqual([]);
  }, 60_000);

  it('puts back a number that a creation took and never used (it died), at the next sweep', async () => {
    const { takeNumber } = await import('../../shared/store/complaint-numbers.ts');
    const lost = await takeNumber(year); // a creation that dies right after taking its number
    expect(lost.released).toBeUndefined();
    expect((await expectGapless()).missing).toEqual([lost.complaintId]);

    const sweep = (at: Date) => cloud.invoke('ReleaseLostNumbersFn', { 'detail-type': 'Scheduled Event', source: 'aws.events', time: at.toISOString() }) as Promise<any>;
    const now = Date.now();
    await sweep(new Date(now)); // notes what is taken now
    const early = await sweep(new Date(now + 10_000)); // a duplicate run moments later touches nothing
    expect(early[year]).toEqual({ checked: 0, released: [] });
    const later = await sweep(new Date(now + 5 * 60_000)); // the next run: old enough to be dead
    expect(later[year].released).toEqual([lost.n]);

    const next = await create('DN-STORM-219', 'after-crash');
    expect(next.status).toBe(201);
    expect(next.body.complaintId).toBe(lost.complaintId);
    expect((await expectGapless()).missing).toEqual([]);
  }, 60_000);
});
