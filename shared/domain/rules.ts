import { z } from 'zod';
import { BusinessCalendar, Span, addSpan } from './calendar.ts';
import { Category, Role, Urgency } from './model.ts';
import { FollowUpRules, defaultFollowUpRules } from './follow-up.ts';

/**
 * An SLA policy: when the handling plan is due, when the complaint must be resolved, when the
 * assignee of a task is reminded (fractions of the task's window), and who is escalated to, and
 * when, once a task is past its deadline. Level 1 at the deadline is the overdue alert.
 */
export const SlaPolicy = z.object({
  planDue: Span,
  resolutionDue: Span,
  reminders: z.array(z.number().gt(0).lt(1)).max(5).default([0.5, 0.8]),
  escalations: z.array(z.object({ after: Span, roles: z.array(Role).min(1).max(Role.options.length) }).strict()).max(5).default([]),
}).strict();
export type SlaPolicy = z.infer<typeof SlaPolicy>;

export const RoutingRule = z.object({
  category: Category,
  /** Omitted: the rule holds for both urgencies. */
  urgency: Urgency.optional(),
  slaPolicy: z.string().min(1).max(64),
  /** Roles told at once when the complaint is submitted. */
  notify: z.array(Role).min(1).max(Role.options.length),
  /** People named in advance who receive the handling plan and its deadlines. */
  watchers: z.array(z.string().min(1).max(64)).max(20).default([]),
}).strict();
export type RoutingRule = z.infer<typeof RoutingRule>;

/**
 * The company's complaint rules: calendar, SLA policies and routing. Validated as a whole, and
 * strict at every level like every request body: a misspelt field (`reminder`, `watcher`) was
 * silently dropped and the rules saved without it (found by test/integration/fuzz.test.ts).
 */
export const Rules = z.object({
  calendar: BusinessCalendar,
  // Bounded so the rules stay one small item (DynamoDB items end at 400 KB).
  slaPolicies: z.record(z.string().regex(/^[a-z0-9-]+$/).max(64), SlaPolicy).refine((p) => Object.keys(p).length <= 20, 'at most 20 SLA policies'),
  routing: z.array(RoutingRule).min(1).max(50),
  /** A hold still on after this many working days is chased once (shared/domain/holds.ts). */
  holdChaseAfterWorkingDays: z.number().int().min(1).max(60).default(5),
  /** The follow-up after close (shared/domain/follow-up.ts); rules saved before it existed get the defaults. */
  followUp: FollowUpRules.default(defaultFollowUpRules),
}).strict().superRefine((rules, ctx) => {
  rules.routing.forEach((rule, i) => {
    if (!rules.slaPolicies[rule.slaPolicy]) ctx.addIssue({ code: 'custom', path: ['routing', i, 'slaPolicy'], message: `no SLA policy ${rule.slaPolicy}` });
  });
  for (const category of Category.options) {
    for (const urgency of Urgency.options) {
      if (!rules.routing.some((r) => r.category === category && (!r.urgency || r.urgency === urgency))) {
        ctx.addIssue({ code: 'custom', path: ['routing'], message: `no rule for ${category} × ${urgency}` });
      }
    }
  }
});
export type Rules = z.infer<typeof Rules>;

const managersOfQuality = ['SALES_MANAGER', 'QUALITY_MANAGER', 'PURCHASING_MANAGER', 'GENERAL_MANAGER'] as const;

/**
 * Shipped defaults, from the source: urgent — act within 48 hours; normal — within five (working)
 * days; the quality manager owes a handling plan within two days; a product-quality complaint
 * goes at once to the sales, quality, purchasing and general managers.
 */
export const defaultRules: Rules = Rules.parse({
  calendar: {
    timeZone: 'Asia/Shanghai',
    workingHours: { start: '09:00', end: '18:00' },
    workingWeekdays: [1, 2, 3, 4, 5],
    holidays: [],
    makeUpWorkdays: [],
  },
  slaPolicies: {
    'urgent-48h': {
      planDue: { amount: 48, unit: 'hours', basis: 'calendar' },
      resolutionDue: { amount: 48, unit: 'hours', basis: 'calendar' },
      reminders: [0.5, 0.8],
      escalations: [
        { after: { amount: 0, unit: 'hours', basis: 'calendar' }, roles: ['QUALITY_MANAGER'] },
        { after: { amount: 4, unit: 'hours', basis: 'working' }, roles: ['GENERAL_MANAGER'] },
      ],
    },
    'normal-5d': {
      planDue: { amount: 2, unit: 'days', basis: 'working' },
      resolutionDue: { amount: 5, unit: 'days', basis: 'working' },
      reminders: [0.8],
      escalations: [
        { after: { amount: 0, unit: 'hours', basis: 'calendar' }, roles: ['QUALITY_MANAGER'] },
        { after: { amount: 1, unit: 'days', basis: 'working' }, roles: ['GENERAL_MANAGER'] },
      ],
    },
  },
  routing: [
    { category: 'PRODUCT_QUALITY', urgency: 'URGENT', slaPolicy: 'urgent-48h', notify: managersOfQuality },
    { category: 'PRODUCT_QUALITY', urgency: 'NORMAL', slaPolicy: 'normal-5d', notify: managersOfQuality },
    { category: 'DELIVERY', slaPolicy: 'normal-5d', notify: ['SALES_MANAGER', 'SERVICE_MANAGER'] },
    { category: 'SERVICE', slaPolicy: 'normal-5d', notify: ['SERVICE_MANAGER'] },
    { category: 'BILLING', slaPolicy: 'normal-5d', notify: ['SALES_MANAGER', 'SERVICE_MANAGER'] },
    { category: 'OTHER', slaPolicy: 'normal-5d', notify: ['SERVICE_MANAGER'] },
  ],
});

/** The rule for a complaint: the most specific match (with urgency) wins. */
export function routingFor(rules: Rules, category: Category, urgency: Urgency): RoutingRule & { policy: SlaPolicy } {
  const rule = rules.routing.find((r) => r.category === category && r.urgency === urgency)
    ?? rules.routing.find((r) => r.category === category && !r.urgency);
  if (!rule) throw new Error(`no routing rule for ${category} × ${urgency}`);
  return { ...rule, policy: rules.slaPolicies[rule.slaPolicy]! };
}

/** Classification's deadlines for a complaint received at `receivedAt`. */
export function complaintDeadlines(rules: Rules, category: Category, urgency: Urgency, receivedAt: Date) {
  const rule = routingFor(rules, category, urgency);
  return {
    slaPolicy: rule.slaPolicy,
    planDueAt: addSpan(receivedAt, rule.policy.planDue, rules.calendar).toISOString(),
    resolutionDueAt: addSpan(receivedAt, rule.policy.resolutionDue, rules.calendar).toISOString(),
  };
}

export type CheckpointKind = 'REMINDER' | 'ESCALATION';

export interface Checkpoint {
  at: string;
  kind: CheckpointKind;
  /** Reminder number (1, 2 …) or escalation level (1 = at the deadline, the overdue alert). */
  level: number;
  roles: Role[];
}

/**
 * Every moment a task will chase someone, fixed when the plan is submitted: reminders to the
 * assignee at the policy's fractions of the task's window, then each escalation level after
 * the deadline. Sorted; the state machine's timer sleeps until the next one.
 */
export function taskCheckpoints(policy: SlaPolicy, calendar: BusinessCalendar, plannedAt: Date, dueAt: Date): Checkpoint[] {
  const window = dueAt.getTime() - plannedAt.getTime();
  const reminders = window > 0
    ? policy.reminders.map((share, i): Checkpoint => ({ at: new Date(plannedAt.getTime() + window * share).toISOString(), kind: 'REMINDER', level: i + 1, roles: [] }))
    : [];
  const escalations = policy.escalations.map((e, i): Checkpoint => ({
    at: (e.after.amount === 0 ? dueAt : addSpan(dueAt, e.after, calendar)).toISOString(), kind: 'ESCALATION', level: i + 1, roles: e.roles,
  }));
  return [...reminders, ...escalations].sort((a, b) => a.at.localeCompare(b.at));
}
