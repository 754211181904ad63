import { addWorkingDays, addWorkingMinutes, workingMillisBetween, type BusinessCalendar } from './calendar.ts';
import type { Checkpoint } from './rules.ts';
import { timerSeconds } from './sla.ts';

/**
 * Waiting on the customer (issue 9, item 4): the quality manager puts a complaint, or one of its
 * tasks, on hold with a reason (returned samples, site access). While held, the task's SLA clock
 * stops: no reminder, overdue alert or escalation fires. On release the clock resumes with the
 * working time held added to its deadline and to every checkpoint that has not fired, so a task
 * held for two working days is due, and alerted, two working days later. A hold left on past a
 * company limit is chased once.
 */
export interface Hold {
  heldAt: string;
  heldBy: string;
  reason: string;
  /** When the hold is chased if it is still on (the company's limit, in working days, after heldAt). */
  chaseAt: string;
  /** Set once, when the chase was sent. */
  chasedAt?: string;
}

/** The error a hold or a release sends to a waiting task step, so that it sets its timer again. */
export const HOLD_CHANGED = 'HoldChanged';

/**
 * While a task is held, its execution still wakes up once a day to look again: if the request
 * that released it died before it could wake the execution, the clock resumes within a day
 * instead of never.
 */
export const HELD_RECHECK_SECONDS = 86_400;

export function newHold(heldBy: string, reason: string, now: Date, chaseAfterWorkingDays: number, calendar: BusinessCalendar): Hold {
  return { heldAt: now.toISOString(), heldBy, reason, chaseAt: addWorkingDays(now, chaseAfterWorkingDays, calendar).toISOString() };
}

/** Working minutes a hold lasted, up to its release (fractions kept: the shift is exact). */
export function heldWorkingMinutes(hold: Pick<Hold, 'heldAt'>, releasedAt: Date, calendar: BusinessCalendar): number {
  return workingMillisBetween(new Date(hold.heldAt), releasedAt, calendar) / 60_000;
}

/** An instant moved later by `minutes` of working time (unchanged for no time held). */
export function shiftInstant(at: string, minutes: number, calendar: BusinessCalendar): string {
  if (minutes <= 0) return at;
  return new Date(Math.round(addWorkingMinutes(new Date(at), minutes, calendar).getTime())).toISOString();
}

/**
 * A task's deadline and its checkpoints that have not fired, moved later by the working time
 * held. Fired checkpoints keep their time (they are history); the order is kept, since adding
 * working time never moves one instant past a later one.
 */
export function shiftTask(
  task: { dueAt: string; checkpoints?: readonly Checkpoint[]; firedCheckpoints?: readonly number[] },
  minutes: number,
  calendar: BusinessCalendar,
): { dueAt: string; checkpoints: Checkpoint[] } {
  const fired = task.firedCheckpoints ?? [];
  return {
    dueAt: shiftInstant(task.dueAt, minutes, calendar),
    checkpoints: (task.checkpoints ?? []).map((c, i) => (fired.includes(i) ? { ...c } : { ...c, at: shiftInstant(c.at, minutes, calendar) })),
  };
}

/** A hold whose chase is due now and has not been sent. */
export const chaseDue = (hold: Hold | undefined, now: Date): hold is Hold =>
  Boolean(hold && !hold.chasedAt && Date.parse(hold.chaseAt) <= now.getTime());

interface TimedTask {
  status: 'OPEN' | 'DONE';
  checkpoints?: readonly Checkpoint[];
  firedCheckpoints?: readonly number[];
  hold?: Hold;
}

/**
 * How long a task's execution sleeps before it looks at the task again, in seconds; null when
 * nothing is left to chase (it waits for the completion without a timer). A held task (itself,
 * or its whole complaint) sleeps until a hold's chase is due, and at most a day; a running one
 * until its next checkpoint that has not fired (one already due rings at once).
 */
export function nextTaskTimer(task: TimedTask, complaint: { status: string; hold?: Hold }, now: Date): number | null {
  if (task.status === 'DONE' || complaint.status === 'CLOSED') return null;
  const holds = [task.hold, complaint.hold].filter((h): h is Hold => Boolean(h));
  if (holds.length) {
    const chases = holds.filter((h) => !h.chasedAt).map((h) => timerSeconds(h.chaseAt, now));
    return Math.min(HELD_RECHECK_SECONDS, ...chases);
  }
  const fired = task.firedCheckpoints ?? [];
  const next = (task.checkpoints ?? []).find((_, i) => !fired.includes(i));
  return next ? timerSeconds(next.at, now) : null;
}

interface HoldTarget {
  complaint: { complaintId: string; status: string; hold?: Hold };
  task?: { taskId: string; status: 'OPEN' | 'DONE'; hold?: Hold };
}

/**
 * Why a hold cannot be placed (a 409), or undefined when it can. A hold pauses task clocks, so
 * only a complaint in progress (its tasks running) can be held; a task inside a held complaint
 * is paused already. (The wait for the plan is not paused: its timer is outside the tasks.)
 */
export function holdRefusal({ complaint: c, task: t }: HoldTarget): string | undefined {
  if (c.status === 'CLOSED') return `complaint ${c.complaintId} is closed`;
  if (c.hold) return t
    ? `complaint ${c.complaintId} is on hold (since ${c.hold.heldAt}); its tasks are paused with it`
    : `complaint ${c.complaintId} is on hold already (since ${c.hold.heldAt})`;
  if (t?.status === 'DONE') return `task ${t.taskId} is done`;
  if (t?.hold) return `task ${t.taskId} is on hold already (since ${t.hold.heldAt})`;
  if (c.status !== 'IN_PROGRESS') return `complaint ${c.complaintId} is ${c.status}; only a complaint in progress (with its tasks' clocks running) can be put on hold`;
  return undefined;
}

/** Why a release cannot be made (a 409), or undefined when it can. */
export function releaseRefusal({ complaint: c, task: t }: HoldTarget): string | undefined {
  if (c.status === 'CLOSED') return `complaint ${c.complaintId} is closed`;
  if (!t) return c.hold ? undefined : `complaint ${c.complaintId} is not on hold`;
  if (!t.hold) return `task ${t.taskId} is not on hold`;
  if (c.hold) return `complaint ${c.complaintId} is on hold (since ${c.hold.heldAt}); release the complaint first`;
  return undefined;
}
