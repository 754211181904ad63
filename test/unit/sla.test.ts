import { describe, expect, it } from 'vitest';
import { slaState, timerSeconds } from '../../shared/domain/sla.ts';

describe('task timers', () => {
  const now = new Date('2026-03-02T08:30:00.000Z');

  it('counts whole seconds up to the deadline, rounding up', () => {
    expect(timerSeconds('2026-03-02T08:30:04.200Z', now)).toBe(5);
    expect(timerSeconds('2026-03-09T08:30:00.000Z', now)).toBe(7 * 86_400);
  });

  it('gives a deadline already passed one second, so it alerts at once', () => {
    expect(timerSeconds('2026-03-01T00:00:00.000Z', now)).toBe(1);
  });
});

describe('SLA state on the agent screen', () => {
  const c = { status: 'IN_PROGRESS', receivedAt: '2026-03-02T00:00:00.000Z', resolutionDueAt: '2026-03-04T00:00:00.000Z' };
  it('is on track, then due soon in the last quarter, then overdue', () => {
    expect(slaState(c, new Date('2026-03-02T12:00:00.000Z'))).toBe('ON_TRACK');
    expect(slaState(c, new Date('2026-03-03T13:00:00.000Z'))).toBe('DUE_SOON');
    expect(slaState(c, new Date('2026-03-04T00:00:01.000Z'))).toBe('OVERDUE');
  });
  it('says whether a closed complaint met its deadline', () => {
    expect(slaState({ ...c, status: 'CLOSED', closedAt: '2026-03-03T00:00:00.000Z' }, new Date())).toBe('MET');
    expect(slaState({ ...c, status: 'CLOSED', closedAt: '2026-03-05T00:00:00.000Z' }, new Date())).toBe('MISSED');
    expect(slaState({ ...c, resolutionDueAt: undefined }, new Date())).toBe('PENDING');
  });
});
