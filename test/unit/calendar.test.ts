import { describe, expect, it } from 'vitest';
import { BusinessCalendar, addSpan, addWorkingDays, addWorkingHours, zonedInstant } from '../../shared/domain/calendar.ts';

/** Shanghai, 9:00–18:00 Monday to Friday, with an example National Day week and its make-up days. */
const shanghai = BusinessCalendar.parse({
  timeZone: 'Asia/Shanghai',
  workingHours: { start: '09:00', end: '18:00' },
  workingWeekdays: [1, 2, 3, 4, 5],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  makeUpWorkdays: ['2026-09-27', '2026-10-10'],
});
const at = (iso: string) => new Date(iso);

describe('business calendar', () => {
  it('counts working hours within a day and across the evening', () => {
    expect(addWorkingHours(at('2026-11-23T10:00:00+08:00'), 4, shanghai).toISOString()).toBe(at('2026-11-23T14:00:00+08:00').toISOString());
    expect(addWorkingHours(at('2026-11-23T16:00:00+08:00'), 4, shanghai).toISOString()).toBe(at('2026-11-24T11:00:00+08:00').toISOString());
  });

  it('skips the weekend', () => {
    expect(addWorkingHours(at('2026-11-27T17:00:00+08:00'), 2, shanghai).toISOString()).toBe(at('2026-11-30T10:00:00+08:00').toISOString());
    expect(addWorkingDays(at('2026-11-27T10:00:00+08:00'), 5, shanghai).toISOString()).toBe(at('2026-12-04T10:00:00+08:00').toISOString());
  });

  it('starts a deadline that begins outside working hours at the next working moment', () => {
    expect(addWorkingHours(at('2026-11-28T11:00:00+08:00'), 1, shanghai).toISOString()).toBe(at('2026-11-30T10:00:00+08:00').toISOString()); // Saturday
    expect(addWorkingHours(at('2026-11-24T07:30:00+08:00'), 1, shanghai).toISOString()).toBe(at('2026-11-24T10:00:00+08:00').toISOString()); // early
    expect(addWorkingHours(at('2026-11-24T20:00:00+08:00'), 1, shanghai).toISOString()).toBe(at('2026-11-25T10:00:00+08:00').toISOString()); // late
  });

  it('skips public holidays', () => {
    // Wednesday 30 September 17:00 + 2 working hours: 1, 2 October are holidays, 3–4 the weekend, 5–7 holidays.
    expect(addWorkingHours(at('2026-09-30T17:00:00+08:00'), 2, shanghai).toISOString()).toBe(at('2026-10-08T10:00:00+08:00').toISOString());
  });

  it('works on make-up days even though they fall on a weekend', () => {
    // Friday 25 September 17:00 + 2 h: Saturday off, Sunday 27 September is a make-up working day.
    expect(addWorkingHours(at('2026-09-25T17:00:00+08:00'), 2, shanghai).toISOString()).toBe(at('2026-09-27T10:00:00+08:00').toISOString());
    // Friday 9 October 17:00 + 2 h: Saturday 10 October is worked.
    expect(addWorkingHours(at('2026-10-09T17:00:00+08:00'), 2, shanghai).toISOString()).toBe(at('2026-10-10T10:00:00+08:00').toISOString());
  });

  it('keeps working hours on the wall clock across a DST change', () => {
    const berlin = BusinessCalendar.parse({ timeZone: 'Europe/Berlin', workingHours: { start: '09:00', end: '17:00' }, workingWeekdays: [1, 2, 3, 4, 5] });
    // Clocks go forward on Sunday 29 March 2026: Friday is UTC+1, Monday UTC+2.
    expect(addWorkingHours(at('2026-03-27T16:00:00+01:00'), 2, berlin).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    const newYork = BusinessCalendar.parse({ timeZone: 'America/New_York', workingHours: { start: '09:00', end: '17:00' }, workingWeekdays: [1, 2, 3, 4, 5] });
    // Clocks go back on Sunday 1 November 2026: Friday is UTC-4, Monday UTC-5.
    expect(addWorkingHours(at('2026-10-30T16:00:00-04:00'), 3, newYork).toISOString()).toBe('2026-11-02T16:00:00.000Z');
  });

  it('finds the instant of a wall-clock time on both sides of a DST change', () => {
    expect(zonedInstant(2026, 3, 30, 9, 0, 'Europe/Berlin').toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(zonedInstant(2026, 3, 27, 9, 0, 'Europe/Berlin').toISOString()).toBe('2026-03-27T08:00:00.000Z');
  });

  it('counts calendar spans in absolute time, working spans in working time', () => {
    const start = at('2026-11-27T10:00:00+08:00');
    expect(addSpan(start, { amount: 48, unit: 'hours', basis: 'calendar' }, shanghai).toISOString()).toBe(at('2026-11-29T10:00:00+08:00').toISOString());
    expect(addSpan(start, { amount: 5, unit: 'days', basis: 'working' }, shanghai).toISOString()).toBe(at('2026-12-04T10:00:00+08:00').toISOString());
  });
});
