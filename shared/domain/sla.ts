import type { Urgency } from './model.ts';

/**
 * SLA policy by urgency (source: urgent — act within 48 hours; normal — within five days; the
 * quality manager owes a concrete handling plan within two days). Calendar time for now:
 * business calendars come with the rules engine.
 */
export interface SlaPolicy {
  readonly id: string;
  readonly planDueMs: number;
  readonly resolutionDueMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const slaPolicies: Record<Urgency, SlaPolicy> = {
  URGENT: { id: 'urgent-48h', planDueMs: 2 * DAY, resolutionDueMs: 48 * HOUR },
  NORMAL: { id: 'normal-5d', planDueMs: 2 * DAY, resolutionDueMs: 5 * DAY },
};

export function slaDeadlines(urgency: Urgency, receivedAt: Date) {
  const policy = slaPolicies[urgency];
  return {
    slaPolicy: policy.id,
    planDueAt: new Date(receivedAt.getTime() + policy.planDueMs).toISOString(),
    resolutionDueAt: new Date(receivedAt.getTime() + policy.resolutionDueMs).toISOString(),
  };
}

/**
 * Whole seconds a task's SLA timer should run from `now`. Step Functions wants a positive
 * integer, so a deadline already passed still gets one second and then alerts.
 */
export function timerSeconds(dueAt: string, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(dueAt) - now.getTime()) / 1000));
}

export function isOverdue(dueAt: string, now: Date): boolean {
  return Date.parse(dueAt) <= now.getTime();
}
