import type { ComplaintStatus } from './model.ts';
import { conflict } from './errors.ts';

/** The allowed moves of a complaint. Anything else is a bug or a stale request. */
const transitions: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  RECEIVED: ['CLASSIFIED'],
  // A quick quality manager may submit the plan before the workflow has parked at AwaitPlan.
  CLASSIFIED: ['AWAITING_PLAN', 'IN_PROGRESS'],
  AWAITING_PLAN: ['IN_PROGRESS'],
  // The response waits for the CAPA when the company policy requires one for the category.
  IN_PROGRESS: ['AWAITING_CAPA', 'AWAITING_SALES_CONFIRMATION'],
  AWAITING_CAPA: ['AWAITING_SALES_CONFIRMATION'],
  AWAITING_SALES_CONFIRMATION: ['REVISION_REQUESTED', 'CONFIRMED'],
  REVISION_REQUESTED: ['AWAITING_SALES_CONFIRMATION'],
  CONFIRMED: ['RESPONDED'],
  RESPONDED: ['CLOSED'],
  CLOSED: [],
};

export function canTransition(from: ComplaintStatus, to: ComplaintStatus): boolean {
  return transitions[from].includes(to);
}

/** Statuses from which `to` may be entered; used as the condition of the conditional write. */
export function predecessorsOf(to: ComplaintStatus): ComplaintStatus[] {
  return (Object.keys(transitions) as ComplaintStatus[]).filter((from) => transitions[from].includes(to));
}

export function assertTransition(from: ComplaintStatus, to: ComplaintStatus): void {
  if (!canTransition(from, to)) throw conflict(`a complaint in ${from} cannot move to ${to}`);
}

const order: readonly ComplaintStatus[] = [
  'RECEIVED', 'CLASSIFIED', 'AWAITING_PLAN', 'IN_PROGRESS', 'AWAITING_CAPA', 'AWAITING_SALES_CONFIRMATION',
  'REVISION_REQUESTED', 'CONFIRMED', 'RESPONDED', 'CLOSED',
];

/** True when `status` is `target` or already past it; a retried step uses this to do nothing. */
export function hasReached(status: ComplaintStatus, target: ComplaintStatus): boolean {
  if (target === 'AWAITING_SALES_CONFIRMATION' && status === 'REVISION_REQUESTED') return true;
  return order.indexOf(status) >= order.indexOf(target);
}
