import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, hasReached, predecessorsOf } from '../../shared/domain/lifecycle.ts';

describe('complaint lifecycle', () => {
  it('walks the happy path from RECEIVED to CLOSED', () => {
    const path = ['RECEIVED', 'CLASSIFIED', 'AWAITING_PLAN', 'IN_PROGRESS', 'AWAITING_SALES_CONFIRMATION', 'CONFIRMED', 'RESPONDED', 'CLOSED'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('sends a rejected response back through revision to sales', () => {
    expect(canTransition('AWAITING_SALES_CONFIRMATION', 'REVISION_REQUESTED')).toBe(true);
    expect(canTransition('REVISION_REQUESTED', 'AWAITING_SALES_CONFIRMATION')).toBe(true);
  });

  it('never lets a response out without sales confirmation', () => {
    expect(predecessorsOf('RESPONDED')).toEqual(['CONFIRMED']);
    expect(canTransition('AWAITING_SALES_CONFIRMATION', 'RESPONDED')).toBe(false);
    expect(canTransition('REVISION_REQUESTED', 'RESPONDED')).toBe(false);
  });

  it('refuses to reopen a closed complaint', () => {
    expect(() => assertTransition('CLOSED', 'IN_PROGRESS')).toThrow(/cannot move/);
  });

  it('knows when a retried step has nothing left to do', () => {
    expect(hasReached('IN_PROGRESS', 'AWAITING_PLAN')).toBe(true);
    expect(hasReached('CLASSIFIED', 'AWAITING_PLAN')).toBe(false);
    expect(hasReached('REVISION_REQUESTED', 'AWAITING_SALES_CONFIRMATION')).toBe(true);
  });
});
