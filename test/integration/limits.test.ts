import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { laptopComplaint, startTestCloud, waitForComplaint } from '../support/test-cloud.ts';
import { tableSnapshot } from '../support/table-snapshot.ts';

/**
 * The edges of every request: what is refused (and that nothing is written), and lists that grow
 * without bound (a complaint's timeline and messages) read a page at a time.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let complaintId = '';
beforeAll(async () => {
  cloud = await startTestCloud();
  const created = await cloud.api('POST', '/complaints', { as: 'agent.wang', body: laptopComplaint });
  complaintId = created.body.complaintId;
  await waitForComplaint(cloud.api, complaintId, (r) => r.complaint.status === 'AWAITING_PLAN');
});
afterAll(async () => { await cloud?.stop(); });

async function raw(method: string, path: string, init: { contentType?: string; body?: string; as?: string } = {}) {
  const token = await cloud.signIn(init.as ?? 'agent.wang');
  const res = await fetch(`${cloud.endpoints.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(init.contentType ? { 'content-type': init.contentType } : {}) },
    body: init.body,
  });
  const text = await res.text();
  let body: any = text;
  try { body = JSON.parse(text); } catch { /* kept as text */ }
  return { status: res.status, body };
}

describe('request bodies', () => {
  it('are JSON only: a body sent as text/plain (or with no type) is a 415 and writes nothing', async () => {
    const before = await tableSnapshot();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const res = await raw('POST', '/complaints', { contentType, body: JSON.stringify({ ...laptopComplaint, documentNumber: 'SO-2026-1002' }) });
      expect(res.status, JSON.stringify(res.body)).toBe(415);
      expect(res.body).toMatchObject({ error: 'UnsupportedMediaType', field: 'header.content-type' });
    }
    expect(await tableSnapshot()).toBe(before);
    const ok = await raw('POST', '/complaints', { contentType: 'application/json; charset=utf-8', body: JSON.stringify({ ...laptopComplaint, documentNumber: 'SO-2026-1002' }) });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    await waitForComplaint(cloud.api, ok.body.complaintId, (r) => r.complaint.status === 'AWAITING_PLAN'); // its workflow settles before the next test snapshots
  });

  it('have a size cap per route: 256 KiB by default (413), 10 MB before anything runs', async () => {
    const before = await tableSnapshot();
    const big = await raw('POST', `/complaints/${complaintId}/plan`, {
      as: 'quality.liu', contentType: 'application/json', body: JSON.stringify({ summary: 'x'.repeat(300 * 1024), tasks: [] }),
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ error: 'PayloadTooLarge', field: 'body' });
    const huge = await raw('POST', '/complaints', { contentType: 'application/json', body: 'x'.repeat(11 * 1024 * 1024) }).catch((e) => ({ status: 413, body: String(e) }));
    expect(huge.status).toBe(413);
    expect(await tableSnapshot()).toBe(before);
  });

  it('are refused where a route takes none, and unknown query parameters are named', async () => {
    const before = await tableSnapshot();
    const confirm = await raw('POST', `/complaints/${complaintId}/attachments/7f0c1a4e-1b9e-4a39-9e39-2f1f7f0c1a4e/confirm`, { contentType: 'application/json', body: '{"x":1}' });
    expect(confirm.status).toBe(400);
    expect(confirm.body.issues).toEqual([{ path: 'body', message: 'this route takes no body' }]);
    const query = await raw('GET', `/complaints/${complaintId}?expand=all`);
    expect(query.status).toBe(400);
    expect(query.body.issues[0].path).toBe('query');
    expect(query.body.issues[0].message).toMatch(/expand/);
    expect(await tableSnapshot()).toBe(before);
  });

  it('refuse a "__proto__" key anywhere (a schema would silently drop it from a record), naming where', async () => {
    const before = await tableSnapshot();
    const rules = (await cloud.api('GET', '/config/rules', { as: 'gm.chen' })).body;
    const text = JSON.stringify({ rules: rules.rules, expectedVersion: rules.version }).replace('"slaPolicies":{', '"slaPolicies":{"__proto__":{},');
    const res = await raw('PUT', '/config/rules', { contentType: 'application/json', body: text, as: 'gm.chen' });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ path: 'body.rules.slaPolicies.__proto__', message: 'the key "__proto__" is not allowed' }]);
    expect(await tableSnapshot()).toBe(before);
  });
});

describe("a complaint's timeline and messages", () => {
  it('come a page at a time: the first 100 with the complaint, the rest through their own routes', async () => {
    const { appendEvent } = await import('../../shared/store/complaints.ts');
    const base = Date.parse('2026-11-27T00:00:00Z');
    for (let i = 0; i < 230; i++) {
      await appendEvent(complaintId, { at: new Date(base + i * 1000).toISOString(), type: 'REPEAT_CONTACT', actor: 'agent.wang', detail: { n: i } });
    }
    const first = await cloud.api('GET', `/complaints/${complaintId}`, { as: 'service.zhao' });
    expect(first.status).toBe(200);
    expect(first.body.timeline).toHaveLength(100);
    expect(first.body.timelineNext).toBeTruthy();
    expect(first.body.deliveriesNext).toBeUndefined(); // one page of messages so far

    const all = [...first.body.timeline];
    let cursor: string | undefined = first.body.timelineNext;
    let pages = 0;
    while (cursor) {
      const page = await cloud.api('GET', `/complaints/${complaintId}/timeline?limit=60&cursor=${cursor}`, { as: 'service.zhao' });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(60);
      all.push(...page.body.items);
      cursor = page.body.next;
      pages++;
    }
    expect(pages).toBe(3); // 130 more (plus the lifecycle's own entries) in pages of 60
    const repeats = all.filter((e) => e.type === 'REPEAT_CONTACT').map((e) => e.detail.n);
    expect(repeats).toEqual(Array.from({ length: 230 }, (_, i) => i)); // oldest first, none twice, none missed
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort());

    const messages = await cloud.api('GET', `/complaints/${complaintId}/deliveries?limit=2`, { as: 'service.zhao' });
    expect(messages.body.items).toHaveLength(2);
    expect(messages.body.items[0]).toMatchObject({ complaintId, channel: expect.any(String) });
  });

  it('refuse a cursor they did not hand out, a limit over 100 and an unknown complaint', async () => {
    const messages = await cloud.api('GET', `/complaints/${complaintId}/deliveries?limit=1`, { as: 'service.zhao' });
    const foreign = messages.body.next as string;
    for (const [path, field] of [
      [`/complaints/${complaintId}/timeline?cursor=${foreign}`, 'query.cursor'],
      [`/complaints/${complaintId}/timeline?cursor=${Buffer.from('COMPLAINT').toString('base64url')}`, 'query.cursor'],
      [`/complaints/${complaintId}/timeline?cursor=not%20base64!`, 'query.cursor'],
      [`/complaints/${complaintId}/timeline?limit=1000`, 'query.limit'],
      [`/complaints/${complaintId}/timeline?limit=abc`, 'query.limit'],
      [`/complaints/${complaintId}/timeline?limit=0x10`, 'query.limit'],
      [`/complaints/${complaintId}/timeline?limit=1&limit=2`, 'query.limit'], // joined "1,2", as API Gateway passes it
    ] as const) {
      const res = await cloud.api('GET', path, { as: 'service.zhao' });
      expect(res.status, path).toBe(400);
      expect(res.body.field ?? res.body.issues?.[0]?.path, path).toBe(field);
    }
    const missing = await cloud.api('GET', '/complaints/CMP-2026-999999/timeline', { as: 'service.zhao' });
    expect(missing.status).toBe(404);
  });
});
