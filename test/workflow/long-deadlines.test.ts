import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud } from '../support/test-cloud.ts';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';

/**
 * Deadlines months ahead: the local engine's timers are re-armed in chunks (Node's setTimeout
 * fires at once past ~24.8 days), so a task due in 60 days waits quietly instead of spinning
 * through its checkpoints; and no deadline may outlive the execution on AWS.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let drive: ReturnType<typeof lifecycleDriver>;
beforeAll(async () => {
  cloud = await startTestCloud();
  drive = lifecycleDriver(cloud);
});
afterAll(async () => { await cloud?.stop(); });

describe('long deadlines', () => {
  it('wait for a task due in 60 days without firing anything early, and go on when it is done', async () => {
    const id = await drive.create();
    await drive.plan(id, [{ title: 'Replace the production line sensor', assigneeId: 'tech.zhou', dueInSeconds: 60 * 86_400 }]);
    await expect.poll(() => cloud.stepFunctions.waitingStates(drive.executionArn(id))).toEqual(['AwaitTask']);
    const eventsBefore = cloud.stepFunctions.history(drive.executionArn(id)).length;
    await new Promise((r) => setTimeout(r, 1500));
    const entered = cloud.stepFunctions.history(drive.executionArn(id)).filter((e) => e.name === 'TaskCheckpoint' && e.type.endsWith('StateEntered'));
    expect(entered).toEqual([]);
    expect(cloud.stepFunctions.history(drive.executionArn(id)).length).toBe(eventsBefore);
    const record = await drive.waitFor(id, () => true);
    expect(record.tasks[0].firedCheckpoints).toEqual([]);

    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
  });

  it('refuses a deadline the execution could not live to see', async () => {
    const id = await drive.create();
    const res = await cloud.api('POST', `/complaints/${id}/plan`, {
      as: 'quality.liu',
      body: { summary: 'Far away', tasks: [{ title: 'Someday', assigneeId: 'tech.zhou', dueAt: new Date(Date.now() + 400 * 86_400_000).toISOString() }] },
    });
    expect(res).toMatchObject({ status: 400, body: { field: 'body.tasks.0.dueAt' } });
  });
});
