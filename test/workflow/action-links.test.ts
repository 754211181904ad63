import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyRing, signActionLink } from '../../shared/domain/action-links.ts';
import { localSecretValue } from '../../infra/local/aws-endpoints.ts';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';
import { startTestCloud } from '../support/test-cloud.ts';

/**
 * The salesperson's confirmation request carries a signed link: one decision on one revision,
 * as that salesperson, without signing in, once, until it expires.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let drive: ReturnType<typeof lifecycleDriver>;
beforeAll(async () => {
  cloud = await startTestCloud();
  drive = lifecycleDriver(cloud);
});
afterAll(async () => { await cloud?.stop(); });

/** The token of the newest confirmation email to the salesperson about the complaint. */
async function linkInEmail(id: string, revision: number): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const mails = (await drive.emails(id)).filter((m) => m.destination.to.includes('li.na@example.com') && (m.body.text.includes(`revision ${revision}`) || m.body.text.includes(`第 ${revision} 版`)));
    const match = mails.map((m) => /#(v1\.[A-Za-z0-9_.-]+)/.exec(m.body.text)?.[1]).find(Boolean);
    if (match) return match;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no confirmation link for revision ${revision} of ${id}`);
}
/** A complaint planned, done, and waiting for the salesperson's confirmation. */
async function awaitingSales(): Promise<string> {
  const id = await drive.create();
  const { tasks } = await drive.plan(id, [{ title: 'Replace the unit', assigneeId: 'tech.zhou', dueInSeconds: 3600 }]);
  await drive.complete(id, tasks[0].taskId, 'tech.zhou');
  await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
  return id;
}
/** A well-formed content hash that is no revision's. */
const anyHash = '0'.repeat(64);
const byLink = (path: string, body: unknown) => cloud.api('POST', `/action-links/${path}`, { body });

describe('signed action links for the sales confirmation', () => {
  it('let the salesperson read and decide once per revision without signing in; a used, altered or expired link changes nothing', async () => {
    const id = await awaitingSales();
    const token = await linkInEmail(id, 1);
    expect(cloud.smsOutbox.some((m) => m.message.includes(token))).toBe(true);

    const seen = await byLink('inspect', { token });
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body).toMatchObject({ purpose: 'SALES_CONFIRMATION', actingAs: { personId: 'sales.li' }, complaint: { complaintId: id }, response: { revision: 1 } });

    const [v, kid, payload, sig] = token.split('.');
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), r: 2 })).toString('base64url');
    expect((await byLink('sales-decision', { token: [v, kid, other, sig].join('.'), decision: 'CONFIRM', contentHash: anyHash })).status).toBe(401);
    expect((await byLink('inspect', { token: [v, 'constructor', payload, sig].join('.') })).status).toBe(401);
    const ring = parseKeyRing(localSecretValue('ACTION_LINK_KEYS'));
    const expired = signActionLink(ring, { p: 'SALES_CONFIRMATION', c: id, r: 1, s: 'sales.li', e: Math.floor(Date.now() / 1000) - 1 });
    expect((await byLink('sales-decision', { token: expired, decision: 'CONFIRM', contentHash: anyHash })).status).toBe(410);
    expect((await drive.waitFor(id, () => true)).complaint.status).toBe('AWAITING_SALES_CONFIRMATION');

    const rejected = await byLink('sales-decision', { token, decision: 'REJECT', comment: 'Mention the replacement unit.' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    const again = await byLink('sales-decision', { token, decision: 'CONFIRM', contentHash: anyHash });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('LinkUsed');
    const record = await drive.waitFor(id, (r) => r.complaint.status === 'REVISION_REQUESTED');
    expect(record.complaint.response).toMatchObject({ decision: 'REJECTED', decidedBy: 'sales.li' });
    expect(record.timeline.find((e: any) => e.type === 'RESPONSE_REJECTED').detail.via).toBe('SIGNED_LINK');
    // A rejection through the link reaches the quality manager as one through the API does.
    await expect.poll(() => cloud.smsOutbox.filter((m) => m.phoneNumber === '+8613700000003' && m.message.includes(id) && m.message.includes('Mention the replacement unit.')).length, { timeout: 15_000 }).toBe(1);

    await cloud.api('PUT', `/complaints/${id}/response`, { as: 'quality.liu', body: { text: 'We replaced the unit on site and added foam to every pallet.' } });
    const second = await linkInEmail(id, 2);
    expect(second).not.toBe(token);
    expect((await byLink('sales-decision', { token, decision: 'CONFIRM', contentHash: anyHash })).status).toBe(409); // the first link is spent
    // Confirming names the content read: the hash the link's page showed, nothing else.
    const { contentHash } = (await byLink('inspect', { token: second })).body.response;
    const stale = await byLink('sales-decision', { token: second, decision: 'CONFIRM', contentHash: anyHash });
    expect(stale.body).toMatchObject({ error: 'ContentChanged', field: 'body.contentHash' });
    expect((await byLink('sales-decision', { token: second, decision: 'CONFIRM', contentHash })).status).toBe(200);
    await drive.closed(id);
    await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');
  });

  it('answers malformed requests with a 400 naming the field, before any link is looked at', async () => {
    const cases: [string, unknown, string][] = [
      ['inspect', {}, 'body.token'],
      ['inspect', { token: 'v1.k1.abc.def-but-long-enough', extra: true }, 'body'],
      ['sales-decision', { token: 'v1.k1.abc.def-but-long-enough', decision: 'MAYBE' }, 'body.decision'],
      ['sales-decision', { token: 'v1.k1.abc.def-but-long-enough', decision: 'REJECT' }, 'body.comment'],
      ['sales-decision', { token: 'x'.repeat(5000), decision: 'CONFIRM', contentHash: anyHash }, 'body.token'],
    ];
    for (const [path, body, field] of cases) {
      const res = await byLink(path, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.issues.map((i: any) => i.path)).toContain(field);
    }
  });

  it('stops working for a salesperson who is no longer active', async () => {
    const id = await awaitingSales();
    const token = await linkInEmail(id, 1);
    const { getPerson, putPerson } = await import('../../shared/store/master-data.ts');
    const salesperson = (await getPerson('sales.li'))!;
    await putPerson({ ...salesperson, active: false });
    try {
      expect((await byLink('sales-decision', { token, decision: 'CONFIRM', contentHash: anyHash })).status).toBe(401);
    } finally {
      await putPerson(salesperson);
    }
    expect((await drive.waitFor(id, () => true)).complaint.status).toBe('AWAITING_SALES_CONFIRMATION');
  });
});
