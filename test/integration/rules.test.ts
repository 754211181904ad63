import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRules } from '../../shared/domain/rules.ts';
import { startTestCloud } from '../support/test-cloud.ts';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let drive: ReturnType<typeof lifecycleDriver>;
beforeAll(async () => {
  cloud = await startTestCloud();
  drive = lifecycleDriver(cloud);
});
afterAll(async () => { await cloud?.stop(); });

const withWatchers = structuredClone(defaultRules);
withWatchers.routing = withWatchers.routing.map((r) => (r.category === 'PRODUCT_QUALITY' ? { ...r, watchers: ['service.zhao'] } : r));
withWatchers.slaPolicies['urgent-48h']!.resolutionDue = { amount: 24, unit: 'hours', basis: 'calendar' };

describe('company rules', () => {
  it('start as the shipped defaults and are readable by managers only', async () => {
    const { status, body } = await cloud.api('GET', '/config/rules', { as: 'gm.chen' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ version: 0, rules: { calendar: { timeZone: 'Asia/Shanghai' } } });
    expect((await cloud.api('GET', '/config/rules', { as: 'agent.wang' })).status).toBe(403);
  });

  it('refuse invalid rules with every path and reason, saving nothing', async () => {
    const broken = { ...defaultRules, routing: [{ ...defaultRules.routing[0]!, slaPolicy: 'nope' }] };
    const { status, body } = await cloud.api('PUT', '/config/rules', { as: 'gm.chen', body: { rules: broken, expectedVersion: 0 } });
    expect(status).toBe(400);
    expect(body.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['body.rules.routing.0.slaPolicy', 'body.rules.routing']));
    expect((await cloud.api('GET', '/config/rules', { as: 'gm.chen' })).body.version).toBe(0);
    expect((await cloud.api('PUT', '/config/rules', { as: 'quality.liu', body: { rules: defaultRules, expectedVersion: 0 } })).status).toBe(403);
  });

  it('apply saved rules to new complaints: deadlines and watchers who receive the plan', async () => {
    const saved = await cloud.api('PUT', '/config/rules', { as: 'gm.chen', body: { rules: withWatchers, expectedVersion: 0 } });
    expect(saved).toMatchObject({ status: 200, body: { version: 1, updatedBy: 'gm.chen' } });
    const stale = await cloud.api('PUT', '/config/rules', { as: 'gm.chen', body: { rules: defaultRules, expectedVersion: 0 } });
    expect(stale.status).toBe(409);

    const id = await drive.create();
    const record = await drive.waitFor(id, () => true);
    expect(Date.parse(record.complaint.resolutionDueAt) - Date.parse(record.complaint.receivedAt)).toBe(24 * 3600_000);
    await drive.plan(id, [{ title: 'Site visit', assigneeId: 'tech.zhou', dueInSeconds: 3600 }]);
    await expect.poll(() => drive.sms(id).filter((m) => m.phoneNumber === '+8613700000002' && m.message.includes('处理方案'))).toHaveLength(1);
    const planEmail = (await drive.emails(id)).find((m) => m.destination.to.includes('zhao.lei@example.com'));
    expect(planEmail?.subject).toBe(`投诉 ${id} 的处理方案`);
    expect(planEmail?.body.text).toContain('Site visit');
  });

  it('let a manager override the classification, recording before, after and why', async () => {
    const id = await drive.create();
    const before = (await drive.waitFor(id, (r) => r.complaint.slaPolicy)).complaint;
    const change = { urgency: 'NORMAL', category: 'DELIVERY', reason: 'The screen was damaged in transport' };
    expect((await cloud.api('PUT', `/complaints/${id}/classification`, { as: 'agent.wang', body: change })).status).toBe(403);
    const noReason = await cloud.api('PUT', `/complaints/${id}/classification`, { as: 'quality.liu', body: { ...change, reason: '' } });
    expect(noReason.body.issues[0].path).toBe('body.reason');

    const { status, body } = await cloud.api('PUT', `/complaints/${id}/classification`, { as: 'quality.liu', body: change });
    expect(status).toBe(200);
    expect(body).toMatchObject({ urgency: 'NORMAL', category: 'DELIVERY', slaPolicy: 'normal-5d' });
    expect(Date.parse(body.resolutionDueAt)).toBeGreaterThan(Date.parse(before.resolutionDueAt));
    const record = await drive.waitFor(id, () => true);
    expect(record.timeline.find((e: any) => e.type === 'CLASSIFICATION_CHANGED')).toMatchObject({
      actor: 'quality.liu', detail: { reason: change.reason, before: { urgency: 'URGENT', category: 'PRODUCT_QUALITY' }, after: { urgency: 'NORMAL', category: 'DELIVERY' } },
    });
  });
});
