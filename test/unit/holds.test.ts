import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, addWorkingMinutes, workingMillisBetween } from '../../shared/domain/calendar.ts';
import {
  HELD_RECHECK_SECONDS, heldWorkingMinutes, holdRefusal, newHold, nextTaskTimer, releaseRefusal, shiftTask, type Hold,
} from '../../shared/domain/holds.ts';
import { defaultRules, taskCheckpoints } from '../../shared/domain/rules.ts';

/** Shanghai, 9:00–18:00 Monday to Friday (540 working minutes a day), with a National Day week. */
const shanghai = BusinessCalendar.parse({
  timeZone: 'Asia/Shanghai',
  workingHours: { start: '09:00', end: '18:00' },
  workingWeekdays: [1, 2, 3, 4, 5],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  makeUpWorkdays: ['2026-09-27', '2026-10-10'],
});
const at = (iso: string) => new Date(iso);
const iso = (s: string) => at(s).toISOString();
const minutesBetween = (a: string, b: string) => workingMillisBetween(at(a), at(b), shanghai) / 60_000;
const DAY = 540;

describe('working time between two instants', () => {
  it('counts only working hours of working days', () => {
    // Monday 2 March 2026 10:00 to Wednesday 10:00: two working days.
    expect(minutesBetween('2026-03-02T10:00:00+08:00', '2026-03-04T10:00:00+08:00')).toBe(2 * DAY);
    expect(minutesBetween('2026-03-02T10:00:00+08:00', '2026-03-02T10:30:00+08:00')).toBe(30);
    // Friday 17:00 to Monday 10:00: an hour on Friday, an hour on Monday.
    expect(minutesBetween('2026-03-06T17:00:00+08:00', '2026-03-09T10:00:00+08:00')).toBe(120);
    // Evening and night to the next morning's start: nothing.
    expect(minutesBetween('2026-03-02T18:30:00+08:00', '2026-03-03T09:00:00+08:00')).toBe(0);
    // A weekend alone: nothing.
    expect(minutesBetween('2026-03-07T09:00:00+08:00', '2026-03-08T20:00:00+08:00')).toBe(0);
  });

  it('skips holidays and counts make-up days', () => {
    // Wednesday 30 September 17:00 to Thursday 8 October 10:00: 1 h + 1 h (1–7 October off but for none worked).
    expect(minutesBetween('2026-09-30T17:00:00+08:00', '2026-10-08T10:00:00+08:00')).toBe(120);
    // Friday 25 September 17:00 to Sunday 27 September (a make-up day) 10:00.
    expect(minutesBetween('2026-09-25T17:00:00+08:00', '2026-09-27T10:00:00+08:00')).toBe(120);
  });

  it('is zero for an empty or backwards span', () => {
    expect(minutesBetween('2026-03-02T10:00:00+08:00', '2026-03-02T10:00:00+08:00')).toBe(0);
    expect(minutesBetween('2026-03-04T10:00:00+08:00', '2026-03-02T10:00:00+08:00')).toBe(0);
  });

  it('is the inverse of adding working minutes', () => {
    const start = at('2026-09-20T00:00:00+08:00').getTime();
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 40 * 86_400_000 }), fc.integer({ min: 0, max: 20 * DAY }),
      (offset, minutes) => {
        const from = new Date(start + offset);
        const to = addWorkingMinutes(from, minutes, shanghai);
        expect(workingMillisBetween(from, to, shanghai)).toBe(minutes * 60_000);
      },
    ), { seed: 9, numRuns: 300 });
  });
});

describe('shifting a task by the working time held', () => {
  const policy = defaultRules.slaPolicies['urgent-48h']!;
  const planned = at('2026-03-02T09:00:00+08:00'); // Monday
  const due = at('2026-03-03T12:00:00+08:00'); // Tuesday noon
  const checkpoints = taskCheckpoints(policy, shanghai, planned, due);

  it('gives a task on hold for two working days its overdue alert two working days later', () => {
    const hold = newHold('quality.liu', 'Waiting for the returned samples', at('2026-03-02T17:00:00+08:00'), 5, shanghai);
    const held = heldWorkingMinutes(hold, at('2026-03-04T17:00:00+08:00'), shanghai); // Wednesday 17:00
    expect(held).toBe(2 * DAY);
    const shifted = shiftTask({ dueAt: due.toISOString(), checkpoints, firedCheckpoints: [0] }, held, shanghai);
    expect(shifted.dueAt).toBe(iso('2026-03-05T12:00:00+08:00')); // Thursday noon
    const alert = shifted.checkpoints.find((c) => c.kind === 'ESCALATION' && c.level === 1)!;
    expect(alert.at).toBe(iso('2026-03-05T12:00:00+08:00'));
    // Level 2 (4 working hours after the deadline) moves the same two working days.
    expect(shifted.checkpoints.find((c) => c.level === 2 && c.kind === 'ESCALATION')!.at).toBe(iso('2026-03-05T16:00:00+08:00'));
    // The reminder that fired stays where it was; the one that had not is shifted.
    expect(shifted.checkpoints[0]).toEqual(checkpoints[0]);
    expect(shifted.checkpoints[1]!.at).not.toBe(checkpoints[1]!.at);
    expect(shifted.checkpoints.map((c) => c.at)).toEqual([...shifted.checkpoints.map((c) => c.at)].sort());
  });

  it('moves nothing for a hold that lasted no working time', () => {
    const hold = newHold('quality.liu', 'Site closed tonight', at('2026-03-02T19:00:00+08:00'), 5, shanghai);
    const held = heldWorkingMinutes(hold, at('2026-03-03T08:00:00+08:00'), shanghai);
    expect(held).toBe(0);
    expect(shiftTask({ dueAt: due.toISOString(), checkpoints }, held, shanghai)).toEqual({ dueAt: due.toISOString(), checkpoints });
  });

  it('is chased after the company limit of working days', () => {
    // Friday 10:00 + 5 working days: the next Friday 10:00.
    expect(newHold('quality.liu', 'x', at('2026-03-06T10:00:00+08:00'), 5, shanghai).chaseAt).toBe(iso('2026-03-13T10:00:00+08:00'));
  });
});

describe('the timer of a task', () => {
  const now = at('2026-03-02T10:00:00+08:00');
  const checkpoints = [
    { at: iso('2026-03-02T10:01:00+08:00'), kind: 'REMINDER' as const, level: 1, roles: [] },
    { at: iso('2026-03-02T11:00:00+08:00'), kind: 'ESCALATION' as const, level: 1, roles: [] },
  ];
  const hold = (chaseAt: string, chasedAt?: string): Hold => ({ heldAt: iso('2026-03-02T09:30:00+08:00'), heldBy: 'quality.liu', reason: 'x', chaseAt: iso(chaseAt), chasedAt });
  const open = { status: 'OPEN' as const, checkpoints, firedCheckpoints: [] };
  const running = { status: 'IN_PROGRESS' };

  it('sleeps until the next checkpoint that has not fired', () => {
    expect(nextTaskTimer(open, running, now)).toBe(60);
    expect(nextTaskTimer({ ...open, firedCheckpoints: [0] }, running, now)).toBe(3600);
    expect(nextTaskTimer({ ...open, firedCheckpoints: [0, 1] }, running, now)).toBeNull();
  });

  it('while held, sleeps until the chase, and at most a day', () => {
    expect(nextTaskTimer({ ...open, hold: hold('2026-03-02T12:00:00+08:00') }, running, now)).toBe(2 * 3600);
    expect(nextTaskTimer({ ...open, hold: hold('2026-03-09T09:30:00+08:00') }, running, now)).toBe(HELD_RECHECK_SECONDS);
    expect(nextTaskTimer({ ...open, hold: hold('2026-03-02T09:45:00+08:00', iso('2026-03-02T09:45:00+08:00')) }, running, now)).toBe(HELD_RECHECK_SECONDS);
    // A hold of the whole complaint pauses the task the same way.
    expect(nextTaskTimer(open, { ...running, hold: hold('2026-03-02T10:30:00+08:00') }, now)).toBe(1800);
  });

  it('stops for a done task or a closed complaint', () => {
    expect(nextTaskTimer({ ...open, status: 'DONE' }, running, now)).toBeNull();
    expect(nextTaskTimer(open, { status: 'CLOSED' }, now)).toBeNull();
  });
});

describe('what may be held and released', () => {
  const held: Hold = { heldAt: '2026-03-02T02:00:00.000Z', heldBy: 'quality.liu', reason: 'x', chaseAt: '2026-03-09T02:00:00.000Z' };
  const complaint = { complaintId: 'CMP-2026-000001', status: 'IN_PROGRESS' };
  const task = { taskId: 'T1', status: 'OPEN' as const };

  it('holds an open task or a complaint in progress, once', () => {
    expect(holdRefusal({ complaint, task })).toBeUndefined();
    expect(holdRefusal({ complaint })).toBeUndefined();
    expect(holdRefusal({ complaint, task: { ...task, hold: held } })).toMatch(/task T1 is on hold already/);
    expect(holdRefusal({ complaint: { ...complaint, hold: held } })).toMatch(/on hold already/);
    expect(holdRefusal({ complaint: { ...complaint, hold: held }, task })).toMatch(/paused with it/);
    expect(holdRefusal({ complaint, task: { ...task, status: 'DONE' } })).toBe('task T1 is done');
    expect(holdRefusal({ complaint: { ...complaint, status: 'CLOSED' } })).toMatch(/closed/);
    expect(holdRefusal({ complaint: { ...complaint, status: 'AWAITING_PLAN' } })).toMatch(/only a complaint in progress/);
  });

  it('releases only what is held, a task not inside a held complaint', () => {
    expect(releaseRefusal({ complaint, task: { ...task, hold: held } })).toBeUndefined();
    expect(releaseRefusal({ complaint: { ...complaint, hold: held } })).toBeUndefined();
    expect(releaseRefusal({ complaint, task })).toBe('task T1 is not on hold');
    expect(releaseRefusal({ complaint })).toMatch(/is not on hold/);
    expect(releaseRefusal({ complaint: { ...complaint, hold: held }, task: { ...task, hold: held } })).toMatch(/release the complaint first/);
    expect(releaseRefusal({ complaint: { ...complaint, status: 'CLOSED', hold: held } })).toMatch(/closed/);
  });
});
