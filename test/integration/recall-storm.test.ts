import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDocuments } from '../../infra/local/sample-data.ts';
import { laptopComplaint, startTestCloud } from '../support/test-cloud.ts';

/**
 * After a product recall the call centre takes a burst of complaints at once. Today every caller
 * gets either the complaint or, while the year's counter is too contended, a 503 with
 * Retry-After (nothing recorded, safe to retry with the same Idempotency-Key) — never a 500 —
 * and the numbers taken stay gapless and unique. Issue 8 asks for all of them to succeed at 200;
 * that needs numbering that does not make every caller compete for one item (next slice).
 */
const CALLERS = 40;
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
beforeAll(async () => {
  cloud = await startTestCloud();
  const { putDocument } = await import('../../shared/store/master-data.ts');
  for (let n = 1; n <= CALLERS; n++) await putDocument({ ...sampleDocuments[0]!, number: `DN-STORM-${n}`, serialNumber: `SN-STORM-${n}` });
});
afterAll(async () => { await cloud?.stop(); });

describe('a recall storm', () => {
  it(`answers ${CALLERS} simultaneous creations with a complaint or a 503 to retry, never a 500, numbered without gaps`, async () => {
    const token = await cloud.signIn('agent.wang');
    const created = await Promise.all(Array.from({ length: CALLERS }, (_, i) => fetch(`${cloud.endpoints.api}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `storm-call-${i + 1}` },
      body: JSON.stringify({ ...laptopComplaint, documentNumber: `DN-STORM-${i + 1}` }),
    }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.json() as any }))));
    const statuses = created.map((c) => c.status);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    for (const busy of created.filter((c) => c.status === 503)) expect(busy.retryAfter).toBeTruthy();
    expect(statuses.every((s) => s === 201 || s === 503), JSON.stringify(statuses)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0);
    const sequence = created.filter((c) => c.status === 201).map((c) => Number(String(c.body.complaintId).slice(-6))).sort((a, b) => a - b);
    expect(sequence).toEqual(sequence.map((_, i) => sequence[0]! + i));
  });
});
