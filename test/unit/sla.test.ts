import { describe, expect, it } from 'vitest';
import { isOverdue, slaDeadlines, timerSeconds } from '../../shared/domain/sla.ts';

const receivedAt = new Date('2026-03-02T08:30:00.000Z');

describe('SLA deadlines', () => {
  it('gives an urgent complaint 48 hours and a plan within two days', () => {
    expect(slaDeadlines('URGENT', receivedAt)).toEqual({
      slaPolicy: 'urgent-48h',
      planDueAt: '2026-03-04T08:30:00.000Z',
      resolutionDueAt: '2026-03-04T08:30:00.000Z',
    });
  });

  it('gives a normal complaint five days', () => {
    expect(slaDeadlines('NORMAL', receivedAt).resolutionDueAt).toBe('2026-03-07T08:30:00.000Z');
  });
});

describe('task timers', () => {
  const now = new Date('2026-03-02T08:30:00.000Z');

  it('counts whole seconds up to the deadline, rounding up', () => {
    expect(timerSeconds('2026-03-02T08:30:04.200Z', now)).toBe(5);
    expect(timerSeconds('2026-03-09T08:30:00.000Z', now)).toBe(7 * 86_400);
  });

  it('gives a deadline already passed one second, so it alerts at once', () => {
    expect(timerSeconds('2026-03-01T00:00:00.000Z', now)).toBe(1);
  });

  it('is overdue at the deadline, not before', () => {
    expect(isOverdue('2026-03-02T08:30:00.000Z', now)).toBe(true);
    expect(isOverdue('2026-03-02T08:30:00.001Z', now)).toBe(false);
  });
});
