import type { HoldRelease, HoldRequest } from '../api/contract.ts';
import { conflict } from '../domain/errors.ts';
import {
  HOLD_CHANGED, chaseDue, heldWorkingMinutes, holdRefusal, newHold, releaseRefusal, shiftInstant, shiftTask, type Hold,
} from '../domain/holds.ts';
import type { Complaint, ComplaintTask, Person } from '../domain/model.ts';
import { getComplaint, getTask, listTasks } from '../store/complaints.ts';
import { holdComplaint, holdTask, markChased, releaseComplaint, releaseTask, type TaskShift } from '../store/holds.ts';
import { getPeople, peopleWithRoles } from '../store/master-data.ts';
import { getRules } from '../store/rules.ts';
import { notifyPeople } from '../notifications/notify-people.ts';
import { wakeStep } from '../workflow/sfn.ts';

/** The calendar the complaint's clocks run on: the one in force when it was classified. */
async function calendarOf(complaint: Complaint) {
  const { rules } = await getRules();
  return { calendar: complaint.sla?.calendar ?? rules.calendar, chaseAfterWorkingDays: rules.holdChaseAfterWorkingDays };
}

/**
 * Wake the waiting steps of the tasks whose hold changed, so each sets its timer again (to the
 * hold's chase while held, to its shifted next checkpoint once released). Read after the write:
 * a step that parks later sees the new hold version and looks again by itself.
 */
async function wakeTasks(complaintId: string, taskIds: readonly string[], why: string) {
  await Promise.all(taskIds.map(async (taskId) => wakeStep((await getTask(complaintId, taskId)).stepToken, HOLD_CHANGED, why)));
}

/** A write refused by its conditions: the reason as things stand now, or a race lost. */
async function refused(complaintId: string, taskId: string | undefined, rule: typeof holdRefusal): Promise<never> {
  const [complaint, task] = await Promise.all([getComplaint(complaintId), taskId ? getTask(complaintId, taskId) : undefined]);
  throw conflict(rule({ complaint, task }) ?? `complaint ${complaintId} changed meanwhile; nothing was written, try again`);
}

/**
 * The quality manager puts a task, or the whole complaint, on hold with a reason. Refused (409,
 * nothing written) by the rules of shared/domain/holds.ts.
 */
export async function placeHold(complaintId: string, request: HoldRequest, actor: Person, now = new Date()) {
  const { taskId, reason } = request;
  const [complaint, task] = await Promise.all([getComplaint(complaintId), taskId ? getTask(complaintId, taskId) : undefined]);
  const refusal = holdRefusal({ complaint, task });
  if (refusal) throw conflict(refusal);
  const { calendar, chaseAfterWorkingDays } = await calendarOf(complaint);
  const hold = newHold(actor.personId, reason, now, chaseAfterWorkingDays, calendar);
  const event = { at: hold.heldAt, type: 'HOLD_PLACED', actor: actor.personId, detail: { taskId, reason, chaseAt: hold.chaseAt } };
  let paused: string[];
  if (taskId) {
    if (!await holdTask(complaintId, taskId, hold, event)) return refused(complaintId, taskId, holdRefusal);
    paused = [taskId];
  } else {
    paused = (await listTasks(complaintId)).filter((t) => t.status === 'OPEN').map((t) => t.taskId);
    if (!await holdComplaint(complaintId, hold, paused, event)) return refused(complaintId, undefined, holdRefusal);
  }
  await wakeTasks(complaintId, paused, 'placed on hold');
  return { complaintId, ...(taskId ? { taskId } : {}), hold, pausedTasks: paused };
}

/**
 * The quality manager releases a hold: the task's, or the complaint's. The working time held
 * (business calendar) is added to the deadline and to each checkpoint that has not fired of
 * every task it paused, and to the complaint's resolution deadline for a complaint hold; then
 * the waiting steps wake up to set their timers to the shifted checkpoints.
 */
export async function releaseHold(complaintId: string, request: HoldRelease, actor: Person, now = new Date()) {
  const { taskId } = request;
  const [complaint, task] = await Promise.all([getComplaint(complaintId), taskId ? getTask(complaintId, taskId) : undefined]);
  const refusal = releaseRefusal({ complaint, task });
  if (refusal) throw conflict(refusal);
  const hold = (task ? task.hold : complaint.hold)!;
  const { calendar } = await calendarOf(complaint);
  const minutes = heldWorkingMinutes(hold, now, calendar);
  const releasedAt = now.toISOString();
  const detail = (shifts: readonly TaskShift[], resolutionDueAt?: string) => ({
    taskId, reason: hold.reason, heldAt: hold.heldAt, heldBy: hold.heldBy, heldWorkingMinutes: minutes,
    tasks: shifts.map((s) => ({ taskId: s.taskId, dueAt: s.dueAt })), resolutionDueAt,
  });
  let shifts: TaskShift[];
  let resolutionDueAt: string | undefined;
  if (task) {
    shifts = [{ taskId: task.taskId, ...shiftTask(task, minutes, calendar) }];
    const event = { at: releasedAt, type: 'HOLD_RELEASED', actor: actor.personId, detail: detail(shifts) };
    if (!await releaseTask(complaintId, shifts[0]!, hold.heldAt, minutes, event)) return refused(complaintId, taskId, releaseRefusal);
  } else {
    // Tasks held themselves keep their clock stopped: their own release counts the whole time.
    const paused = (await listTasks(complaintId)).filter((t) => t.status === 'OPEN' && !t.hold);
    shifts = paused.map((t) => ({ taskId: t.taskId, ...shiftTask(t, minutes, calendar) }));
    resolutionDueAt = complaint.resolutionDueAt && shiftInstant(complaint.resolutionDueAt, minutes, calendar);
    const event = { at: releasedAt, type: 'HOLD_RELEASED', actor: actor.personId, detail: detail(shifts, resolutionDueAt) };
    if (!await releaseComplaint(complaintId, hold.heldAt, minutes, resolutionDueAt, shifts, event)) return refused(complaintId, undefined, releaseRefusal);
  }
  await wakeTasks(complaintId, shifts.map((s) => s.taskId), 'released from hold');
  return {
    complaintId, ...(taskId ? { taskId } : {}), heldAt: hold.heldAt, releasedAt, heldWorkingMinutes: minutes,
    tasks: shifts.map((s) => ({ taskId: s.taskId, dueAt: s.dueAt })), ...(resolutionDueAt ? { resolutionDueAt } : {}),
  };
}

/**
 * A held task's timer rang: chase each hold that is past the company's limit, once — the task's
 * own and its complaint's (claimed with a conditional write; the sends are deduplicated, so a
 * retry finishes them). The quality managers and the plan's author hear of it.
 */
export async function chaseHolds(complaint: Complaint, task: ComplaintTask, senderEmail: string, now: Date): Promise<void> {
  const held: [string | undefined, Hold | undefined][] = [[task.taskId, task.hold], [undefined, complaint.hold]];
  for (const [taskId, hold] of held) {
    if (!chaseDue(hold, now)) continue;
    const claimed = await markChased(complaint.complaintId, taskId, hold.heldAt, {
      at: now.toISOString(), type: 'HOLD_CHASED', actor: 'system', detail: { taskId, heldAt: hold.heldAt, reason: hold.reason, chaseAt: hold.chaseAt },
    });
    if (!claimed) {
      // Chased already (a retry: finish the sends) or released meanwhile (nothing to say).
      const now = taskId ? (await getTask(complaint.complaintId, taskId)).hold : (await getComplaint(complaint.complaintId)).hold;
      if (now?.heldAt !== hold.heldAt) continue;
    }
    const people = [...await peopleWithRoles(['QUALITY_MANAGER']), ...await getPeople(complaint.plan ? [complaint.plan.submittedBy] : [])]
      .filter((p, i, all) => p.active !== false && all.findIndex((q) => q.personId === p.personId) === i);
    await notifyPeople(people, {
      complaint, event: 'HOLD_OVERDUE', dedupeSuffix: `${taskId ?? 'COMPLAINT'}#${hold.heldAt}`,
      task: taskId ? task : undefined, hold: { heldAt: hold.heldAt, reason: hold.reason }, senderEmail,
    });
  }
}
