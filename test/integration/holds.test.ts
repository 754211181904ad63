import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';
import { refusedWithNothingWritten, tableSnapshot } from '../support/table-snapshot.ts';
import { startTestCloud } from '../support/test-cloud.ts';

/**
 * Holds through the API (issue 9, item 4): bad input, the wrong role and every state in which a
 * hold or a release makes no sense are refused with a 4xx naming the field or the reason, and
 * nothing is written. A complaint-level hold pauses its open tasks and moves their deadlines.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let drive: ReturnType<typeof lifecycleDriver>;
/** In progress: T1 open, T2 done. */
let running = '';
/** Waiting for its plan. */
let awaitingPlan = '';
let closed = '';

const hold = (id: string, body: unknown, as = 'quality.liu') => cloud.api('POST', `/complaints/${id}/hold`, { as, body });
const release = (id: string, body: unknown, as = 'quality.liu') => cloud.api('POST', `/complaints/${id}/hold/release`, { as, body });

beforeAll(async () => {
  cloud = await startTestCloud();
  drive = lifecycleDriver(cloud);
  [running, awaitingPlan, closed] = await Promise.all([
    (async () => {
      const id = await drive.create();
      await drive.plan(id, [
        { title: 'Collect the returned unit', assigneeId: 'tech.zhou', dueInSeconds: 7 * 86_400 },
        { title: 'Call the customer', assigneeId: 'tech.zhou', dueInSeconds: 7 * 86_400 },
      ]);
      await drive.complete(id, 'T2', 'tech.zhou');
      return id;
    })(),
    drive.create(),
    (async () => {
      const id = await drive.create();
      await drive.plan(id, [{ title: 'Replace the unit', assigneeId: 'tech.zhou', dueInSeconds: 7 * 86_400 }]);
      await drive.complete(id, 'T1', 'tech.zhou');
      await drive.decide(id, 'CONFIRM');
      await drive.closed(id); // its last messages sent: the table is still from here on
      return id;
    })(),
  ]);
  await settled();
}, 120_000);
afterAll(async () => { await cloud?.stop(); });

/** Until every running execution is parked at a human step and the table stops changing. */
async function settled() {
  const deadline = Date.now() + 20_000;
  let last = await tableSnapshot();
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    const parked = cloud.stepFunctions.listExecutions().filter((e) => e.status === 'RUNNING').every((e) => cloud.stepFunctions.waitingStates(e.executionArn).length > 0);
    const now = await tableSnapshot();
    if (parked && now === last) return;
    if (Date.now() > deadline) throw new Error('the local cloud never settled');
    last = now;
  }
}

describe('holds: bad input and the wrong state write nothing', () => {
  it('refuses malformed bodies, naming the field', async () => {
    const cases: [unknown, string][] = [
      [{}, 'body.reason'],
      [{ reason: '   ' }, 'body.reason'],
      [{ reason: 'x'.repeat(1001) }, 'body.reason'],
      [{ reason: 'Waiting\u0000' }, 'body.reason'],
      [{ reason: 'Waiting for samples', taskId: 'task-1' }, 'body.taskId'],
      [{ reason: 'Waiting for samples', taskId: 1 }, 'body.taskId'],
      [{ reason: 'Waiting for samples', until: '2026-12-01' }, 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await refusedWithNothingWritten(() => hold(running, body), 400);
      expect(res.issues.map((i: any) => i.path), JSON.stringify(body)).toContain(field);
    }
    const res = await refusedWithNothingWritten(() => release(running, { taskId: 'T1', reason: 'back' }), 400);
    expect(res.issues[0].path).toBe('body');
  });

  it('refuses the wrong role and an unknown complaint or task', async () => {
    await refusedWithNothingWritten(() => hold(running, { reason: 'Waiting for samples', taskId: 'T1' }, 'tech.zhou'), 403);
    await refusedWithNothingWritten(() => hold(running, { reason: 'Waiting for samples' }, 'agent.wang'), 403);
    await refusedWithNothingWritten(() => release(running, {}, 'sales.li'), 403);
    await refusedWithNothingWritten(() => hold('CMP-2099-999999', { reason: 'Waiting for samples' }), 404);
    await refusedWithNothingWritten(() => hold(running, { reason: 'Waiting for samples', taskId: 'T9' }), 404);
  });

  it('refuses what cannot be held or released, saying why', async () => {
    const why = async (request: () => Promise<{ status: number; body: any }>) => (await refusedWithNothingWritten(request, 409)).message as string;
    expect(await why(() => hold(running, { reason: 'Waiting for samples', taskId: 'T2' }))).toBe('task T2 is done');
    expect(await why(() => hold(closed, { reason: 'Waiting for samples' }))).toMatch(/is closed/);
    expect(await why(() => hold(awaitingPlan, { reason: 'Site closed' }))).toMatch(/AWAITING_PLAN; only a complaint in progress/);
    expect(await why(() => release(running, { taskId: 'T1' }))).toBe('task T1 is not on hold');
    expect(await why(() => release(running, {}))).toMatch(/is not on hold/);
    expect(await why(() => release(closed, {}))).toMatch(/is closed/);

    // Held once: holding again is refused, and so is holding its task inside it.
    expect((await hold(running, { reason: 'The customer closed the site for a week' })).status).toBe(200);
    await settled(); // the held task's execution woke and parked again (a new token stored)
    expect(await why(() => hold(running, { reason: 'Again' }))).toMatch(/on hold already/);
    expect(await why(() => hold(running, { reason: 'Samples', taskId: 'T1' }))).toMatch(/paused with it/);
    expect(await why(() => release(running, { taskId: 'T1' }))).toBe('task T1 is not on hold');
  });

  it("moves the open tasks' deadlines on a complaint release, and records both on the timeline", async () => {
    const before = await drive.waitFor(running, () => true);
    expect(before.complaint.hold).toMatchObject({ heldBy: 'quality.liu', reason: 'The customer closed the site for a week' });
    const released = await release(running, {});
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    expect(released.body.tasks.map((t: any) => t.taskId)).toEqual(['T1']); // T2 is done: its clock had stopped
    const after = await drive.waitFor(running, (r) => !r.complaint.hold);
    expect(after.tasks.find((t: any) => t.taskId === 'T1').dueAt).toBe(released.body.tasks[0].dueAt);
    expect(Date.parse(released.body.tasks[0].dueAt)).toBeGreaterThanOrEqual(Date.parse(before.tasks.find((t: any) => t.taskId === 'T1').dueAt));
    const types = after.timeline.map((e: any) => e.type);
    expect(types.filter((t: string) => t === 'HOLD_PLACED')).toHaveLength(1);
    expect(types.filter((t: string) => t === 'HOLD_RELEASED')).toHaveLength(1);
    // The task's execution woke and waits again with its (shifted) timer.
    await expect.poll(() => cloud.stepFunctions.waitingStates(drive.executionArn(running))).toEqual(['AwaitTask']);
  });
});
