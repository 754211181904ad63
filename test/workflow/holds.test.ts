import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { workingMillisBetween } from '../../shared/domain/calendar.ts';
import { defaultRules } from '../../shared/domain/rules.ts';
import { startTestCloud } from '../support/test-cloud.ts';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';

/**
 * Waiting on the customer (issue 9, item 4), on the synthesized ASL with the real handlers.
 *
 * Days cannot pass in a test, so the wall clock is moved: only `Date` is faked (it keeps
 * ticking with real time); every handler runs in this process and reads it, while the engine's
 * timers run on real time (a timer set for 12 s rings after 12 s whatever the date says). The
 * task is held on the real clock; the two working days of the hold are one jump of the clock to
 * two working days later (business calendar, whatever day the test runs on). Sign-in tokens do
 * not survive the jump (they expire on the clock), so after it the test acts through the
 * services the API handlers call, and reads the table.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let drive: ReturnType<typeof lifecycleDriver>;
beforeAll(async () => {
  cloud = await startTestCloud();
  drive = lifecycleDriver(cloud);
});
afterAll(async () => {
  vi.useRealTimers();
  await cloud?.stop();
});

const calendar = defaultRules.calendar; // Asia/Shanghai, 09:00–18:00, Monday to Friday
const TWO_DAYS = 2 * 540 * 60_000;
const waiting = (id: string) => cloud.stepFunctions.waitingStates(drive.executionArn(id));
const timelineOf = async (id: string) => {
  const { timelineEventsOfType } = await import('../../shared/store/complaints.ts');
  return timelineEventsOfType(id, ['SLA_ALERT', 'TASK_REMINDER', 'ESCALATION', 'HOLD_PLACED', 'HOLD_RELEASED', 'HOLD_CHASED']);
};

describe('a task on hold', () => {
  it('has its overdue alert two working days later after two working days on hold, not before', async () => {
    const { getComplaintRecord, getComplaint } = await import('../../shared/store/complaints.ts');
    const { getPerson } = await import('../../shared/store/master-data.ts');
    const { releaseHold } = await import('../../shared/services/holds.ts');
    const { completeTask } = await import('../../shared/services/tasks.ts');
    const { addWorkingDays } = await import('../../shared/domain/calendar.ts');

    const id = await drive.create();
    const { tasks: [planned] } = await drive.plan(id, [{ title: 'Inspect the returned unit', assigneeId: 'tech.zhou', dueInSeconds: 12 }]);
    await expect.poll(() => waiting(id)).toEqual(['AwaitTask']);

    // Waiting for the customer to send the unit back: the task's clock stops.
    const held = await cloud.api('POST', `/complaints/${id}/hold`, { as: 'quality.liu', body: { taskId: 'T1', reason: 'Waiting for the customer to return the unit' } });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body).toMatchObject({ complaintId: id, taskId: 'T1', hold: { heldBy: 'quality.liu', reason: 'Waiting for the customer to return the unit' }, pausedTasks: ['T1'] });
    // The wake-up made the execution look again: it waits, now for the hold's chase or its daily look.
    await expect.poll(() => drive.path(id)).toContain('TaskCheckpoint');
    await expect.poll(() => waiting(id)).toEqual(['AwaitTask']);

    // The deadline passes on the real clock while held: nothing fires.
    await new Promise((r) => setTimeout(r, 13_000));
    expect(Date.now()).toBeGreaterThan(Date.parse(planned.dueAt));
    expect((await timelineOf(id)).filter((e) => ['SLA_ALERT', 'TASK_REMINDER', 'ESCALATION'].includes(e.type))).toEqual([]);
    expect(waiting(id), JSON.stringify(cloud.stepFunctions.history(drive.executionArn(id)).slice(-14))).toEqual(['AwaitTask']);

    // Two working days after it was held, the unit is back: released.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(addWorkingDays(new Date(held.body.hold.heldAt), 2, calendar));
    const released = await releaseHold(id, { taskId: 'T1' }, (await getPerson('quality.liu'))!);
    expect(released.heldWorkingMinutes * 60_000).toBeGreaterThanOrEqual(TWO_DAYS);
    expect(released.heldWorkingMinutes * 60_000).toBeLessThan(TWO_DAYS + 5000); // the clock ticks on meanwhile
    const newDue = released.tasks[0]!.dueAt;
    expect(workingMillisBetween(new Date(planned.dueAt), new Date(newDue), calendar)).toBeCloseTo(released.heldWorkingMinutes * 60_000, -1);

    // Not before: no alert at the release; it comes at the shifted deadline, once.
    expect((await timelineOf(id)).some((e) => e.type === 'SLA_ALERT')).toBe(false);
    await expect.poll(async () => (await timelineOf(id)).some((e) => e.type === 'SLA_ALERT'), { timeout: 30_000 }).toBe(true);
    const timeline = await timelineOf(id);
    const alert = timeline.find((e) => e.type === 'SLA_ALERT')!;
    expect(alert.detail!.dueAt).toBe(newDue);
    expect(Date.parse(alert.at)).toBeGreaterThanOrEqual(Date.parse(newDue));
    expect(workingMillisBetween(new Date(planned.dueAt), new Date(alert.at), calendar)).toBeGreaterThanOrEqual(TWO_DAYS);
    expect(timeline.filter((e) => e.type === 'SLA_ALERT')).toHaveLength(1);
    // The reminders paused with the clock: any that fired came after the release.
    const releasedAt = Date.parse(released.releasedAt);
    expect(timeline.filter((e) => e.type === 'TASK_REMINDER').every((e) => Date.parse(e.at) >= releasedAt)).toBe(true);
    expect(timeline.filter((e) => e.type.startsWith('HOLD_')).map((e) => [e.type, e.actor])).toEqual([['HOLD_PLACED', 'quality.liu'], ['HOLD_RELEASED', 'quality.liu']]);
    expect(timeline.find((e) => e.type === 'HOLD_RELEASED')!.detail).toMatchObject({
      taskId: 'T1', reason: 'Waiting for the customer to return the unit', heldWorkingMinutes: released.heldWorkingMinutes, tasks: [{ taskId: 'T1', dueAt: newDue }],
    });
    const { tasks: [task] } = await getComplaintRecord(id);
    expect(task).toMatchObject({ dueAt: newDue, heldWorkingMinutes: released.heldWorkingMinutes, status: 'OPEN' });
    expect(task!.hold).toBeUndefined();

    // The human step is still resumed once: completing the task carries the complaint on.
    await completeTask(id, 'T1', 'Inspected the returned unit', (await getPerson('tech.zhou'))!);
    await expect.poll(async () => (await getComplaint(id)).status, { timeout: 20_000 }).toBe('AWAITING_SALES_CONFIRMATION');
    const entered = cloud.stepFunctions.history(drive.executionArn(id)).filter((e) => e.type.endsWith('StateEntered')).map((e) => e.name);
    expect(entered.filter((n) => n === 'AnnounceTaskDone')).toHaveLength(1);
    vi.useRealTimers();
  }, 90_000);
});
