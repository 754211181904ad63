/**
 * Whole seconds a task's SLA timer should run from `now`. Step Functions wants a positive
 * integer, so a deadline already passed still gets one second and then alerts.
 */
export function timerSeconds(dueAt: string, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(dueAt) - now.getTime()) / 1000));
}

export type SlaState = 'PENDING' | 'ON_TRACK' | 'DUE_SOON' | 'OVERDUE' | 'MET' | 'MISSED';

/** Share of the resolution window left below which a complaint counts as due soon. */
const DUE_SOON_SHARE = 0.25;

/** Where a complaint stands against its resolution deadline, for the agent's screen. */
export function slaState(c: { status: string; receivedAt: string; resolutionDueAt?: string; closedAt?: string }, now: Date): SlaState {
  if (!c.resolutionDueAt) return 'PENDING';
  const due = Date.parse(c.resolutionDueAt);
  if (c.status === 'CLOSED') return Date.parse(c.closedAt ?? c.resolutionDueAt) <= due ? 'MET' : 'MISSED';
  if (now.getTime() > due) return 'OVERDUE';
  const window = due - Date.parse(c.receivedAt);
  return due - now.getTime() <= window * DUE_SOON_SHARE ? 'DUE_SOON' : 'ON_TRACK';
}
