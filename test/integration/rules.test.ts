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
    // Product quality routes to the sales, quality, purchasing and general managers; delivery adds the service manager.
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
    const told = drive.sms(id).filter((m) => m.message.includes('重新分类') || m.message.includes('reclassified'));
    expect(told.map((m) => m.phoneNumber)).toEqual(['+8613700000002']);
    // Asking again changes nothing more and tells nobody twice.
    await cloud.api('PUT', `/complaints/${id}/classification`, { as: 'quality.liu', body: change });
    expect(drive.sms(id).filter((m) => m.message.includes('重新分类'))).toHaveLength(1);
    expect((await drive.waitFor(id, () => true)).timeline.filter((e: any) => e.type === 'CLASSIFICATION_CHANGED')).toHaveLength(1);
  });

  it('escalate level by level, each level once, and go quiet when the task is done', async () => {
    const current = (await cloud.api('GET', '/config/rules', { as: 'gm.chen' })).body;
    const fast = structuredClone(current.rules);
    fast.slaPolicies['urgent-48h'].reminders = [];
    fast.slaPolicies['urgent-48h'].escalations = [
      { after: { amount: 0, unit: 'minutes', basis: 'calendar' }, roles: ['QUALITY_MANAGER'] },
      { after: { amount: 0.02, unit: 'minutes', basis: 'calendar' }, roles: ['GENERAL_MANAGER'] },
      { after: { amount: 60, unit: 'minutes', basis: 'calendar' }, roles: ['GENERAL_MANAGER'] },
    ];
    expect((await cloud.api('PUT', '/config/rules', { as: 'gm.chen', body: { rules: fast, expectedVersion: current.version } })).status).toBe(200);

    const id = await drive.create();
    await drive.plan(id, [{ title: 'Site visit', assigneeId: 'tech.zhou', dueInSeconds: 1 }]);
    const escalated = await drive.waitFor(id, (r) => r.timeline.some((e: any) => e.type === 'ESCALATION'), 15);
    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');

    const record = await drive.waitFor(id, () => true);
    expect(record.timeline.filter((e: any) => e.type === 'SLA_ALERT')).toHaveLength(1);
    expect(record.timeline.filter((e: any) => e.type === 'ESCALATION').map((e: any) => e.detail.level)).toEqual([2]);
    // The general manager (English) hears of level 2 once; level 3 never fires, the task being done.
    expect(drive.sms(id).filter((m) => m.phoneNumber === '+8613700000006' && m.message.startsWith('Escalation level 2'))).toHaveLength(1);
    expect(drive.sms(id).filter((m) => m.message.includes('level 3') || m.message.includes('第 3 级'))).toEqual([]);
    expect(escalated.tasks[0].checkpoints).toHaveLength(3);
  });

  it('chase a late handling plan once, then take the plan when it comes', async () => {
    const current = (await cloud.api('GET', '/config/rules', { as: 'gm.chen' })).body;
    const quick = structuredClone(current.rules);
    quick.slaPolicies['urgent-48h'].planDue = { amount: 0.02, unit: 'minutes', basis: 'calendar' };
    expect((await cloud.api('PUT', '/config/rules', { as: 'gm.chen', body: { rules: quick, expectedVersion: current.version } })).status).toBe(200);

    const id = await drive.create();
    await drive.waitFor(id, (r) => r.timeline.some((e: any) => e.type === 'PLAN_OVERDUE'), 15);
    await expect.poll(() => cloud.stepFunctions.waitingStates(drive.executionArn(id))).toEqual(['AwaitLatePlan']);
    const chased = drive.sms(id).filter((m) => m.message.includes('处理方案应于') || m.message.includes('handling plan for'));
    expect(chased.map((m) => m.phoneNumber).sort()).toEqual(['+8613700000003', '+8613700000006']);

    await drive.plan(id, [{ title: 'Site visit', assigneeId: 'tech.zhou', dueInSeconds: 3600 }]);
    const record = await drive.waitFor(id, (r) => r.complaint.status === 'IN_PROGRESS');
    expect(record.timeline.filter((e: any) => e.type === 'PLAN_OVERDUE')).toHaveLength(1);
    await expect.poll(() => drive.path(id)).toEqual(expect.arrayContaining(['AwaitPlan', 'PlanOverdue', 'AwaitLatePlan', 'AnnouncePlan', 'RunTasks']));
  });
});
