import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const localDate = z.iso.date();

/**
 * When the company works: an IANA time zone, daily working hours, the weekdays worked, public
 * holidays, and make-up working days (a weekend day that is worked, as in China's schedule).
 */
export const BusinessCalendar = z.object({
  timeZone: z.string().max(64).refine((tz) => {
    try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
  }, 'not an IANA time zone'),
  workingHours: z.object({ start: hhmm, end: hhmm }).strict().refine((h) => h.start < h.end, 'start before end'),
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  workingWeekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  // A few years of public holidays; the rules must stay one small item.
  holidays: z.array(localDate).max(500).default([]),
  makeUpWorkdays: z.array(localDate).max(200).default([]),
}).strict(); // the rules are part of a request body, and bodies are strict (README: HTTP API)
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;

interface LocalParts { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number }

const formatters = new Map<string, Intl.DateTimeFormat>();
function localParts(at: Date, timeZone: string): LocalParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return {
    year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second),
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday!) + 1,
  };
}

/** The instant at which the wall clock in `timeZone` shows the given local time (DST-aware). */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    const diff = wall - shown;
    if (diff === 0) break;
    guess += diff;
  }
  return new Date(guess);
}

const isoDate = (p: Pick<LocalParts, 'year' | 'month' | 'day'>) =>
  `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;

export function isWorkingDay(date: { year: number; month: number; day: number; weekday: number }, cal: BusinessCalendar): boolean {
  const d = isoDate(date);
  if (cal.holidays.includes(d)) return false;
  if (cal.makeUpWorkdays.includes(d)) return true;
  return cal.workingWeekdays.includes(date.weekday);
}

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
export const workingMinutesPerDay = (cal: BusinessCalendar) => minutesOf(cal.workingHours.end) - minutesOf(cal.workingHours.start);

/**
 * `start` plus `minutes` of working time. Time outside working hours, on weekends and holidays
 * does not count; a start outside working hours counts from the next working moment. Window
 * edges are computed as wall-clock times in the calendar's zone, so DST changes fall right.
 */
export function addWorkingMinutes(start: Date, minutes: number, cal: BusinessCalendar): Date {
  let remaining = Math.max(0, minutes) * 60_000;
  let cursor = start.getTime();
  const [sh, sm] = cal.workingHours.start.split(':').map(Number) as [number, number];
  const [eh, em] = cal.workingHours.end.split(':').map(Number) as [number, number];
  for (let guard = 0; guard < 5000; guard++) {
    const today = localParts(new Date(cursor), cal.timeZone);
    if (isWorkingDay(today, cal)) {
      const open = zonedInstant(today.year, today.month, today.day, sh, sm, cal.timeZone).getTime();
      const close = zonedInstant(today.year, today.month, today.day, eh, em, cal.timeZone).getTime();
      if (cursor < open) cursor = open;
      if (cursor < close) {
        if (cursor + remaining <= close) return new Date(cursor + remaining);
        remaining -= close - cursor;
      }
    }
    // On to the next local day (noon keeps clear of DST gaps), from its midnight.
    const next = new Date(Date.UTC(today.year, today.month - 1, today.day + 1, 12));
    cursor = zonedInstant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, cal.timeZone).getTime();
  }
  throw new Error('the calendar has no working time in the next years');
}

export const addWorkingHours = (start: Date, hours: number, cal: BusinessCalendar) => addWorkingMinutes(start, hours * 60, cal);
/** N working days of working time: Friday 10:00 + 5 working days is the next Friday 10:00. */
export const addWorkingDays = (start: Date, days: number, cal: BusinessCalendar) => addWorkingMinutes(start, days * workingMinutesPerDay(cal), cal);

/** The longest span a policy may name: a Standard execution lives at most a year. */
export const MAX_SPAN_DAYS = 366;
const spanMinutes = { minutes: 1, hours: 60, days: 1440 } as const;

/** A span of time in a policy: calendar time counts every minute, working time only working minutes. */
export const Span = z.object({
  // Bounded: an unbounded amount (1e308) went to DynamoDB, which refuses numbers above 1e125,
  // and the save was a 500 (found by test/integration/fuzz.test.ts).
  amount: z.number().min(0).max(MAX_SPAN_DAYS * spanMinutes.days),
  unit: z.enum(['minutes', 'hours', 'days']),
  basis: z.enum(['calendar', 'working']).default('calendar'),
}).strict().refine(
  // (An amount over the bound above already has its issue: one reason each.)
  (s) => s.amount > MAX_SPAN_DAYS * spanMinutes.days || s.amount * spanMinutes[s.unit] <= MAX_SPAN_DAYS * spanMinutes.days,
  { message: `at most ${MAX_SPAN_DAYS} days`, path: ['amount'] },
);
export type Span = z.infer<typeof Span>;

export function addSpan(start: Date, span: Span, cal: BusinessCalendar): Date {
  if (span.basis === 'calendar') {
    const ms = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 }[span.unit] * span.amount;
    return new Date(start.getTime() + ms);
  }
  if (span.unit === 'days') return addWorkingDays(start, span.amount, cal);
  return addWorkingMinutes(start, span.unit === 'hours' ? span.amount * 60 : span.amount, cal);
}

/**
 * Working time between two instants, in milliseconds (0 when `to` is not after `from`): the part
 * of [from, to) that falls in working hours on working days, window edges on the wall clock of
 * the calendar's zone like addWorkingMinutes, whose inverse it is: addWorkingMinutes(from,
 * workingMillisBetween(from, to) / 60_000) is `to` whenever `to` lies in working time.
 */
export function workingMillisBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  const end = to.getTime();
  let cursor = from.getTime();
  let total = 0;
  const [sh, sm] = cal.workingHours.start.split(':').map(Number) as [number, number];
  const [eh, em] = cal.workingHours.end.split(':').map(Number) as [number, number];
  // One step per local day; bounded like addWorkingMinutes (a Standard execution lives a year).
  for (let guard = 0; cursor < end && guard < 5000; guard++) {
    const today = localParts(new Date(cursor), cal.timeZone);
    if (isWorkingDay(today, cal)) {
      const open = zonedInstant(today.year, today.month, today.day, sh, sm, cal.timeZone).getTime();
      const close = zonedInstant(today.year, today.month, today.day, eh, em, cal.timeZone).getTime();
      const a = Math.max(cursor, open);
      const b = Math.min(end, close);
      if (b > a) total += b - a;
    }
    const next = new Date(Date.UTC(today.year, today.month - 1, today.day + 1, 12));
    cursor = zonedInstant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, cal.timeZone).getTime();
  }
  return total;
}
