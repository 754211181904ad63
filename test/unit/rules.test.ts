import { describe, expect, it } from 'vitest';
import { Rules, complaintDeadlines, defaultRules, routingFor, taskCheckpoints } from '../../shared/domain/rules.ts';

describe('default rules (from the source)', () => {
  it('give an urgent complaint 48 hours, and the quality manager two days for a plan', () => {
    const d = complaintDeadlines(defaultRules, 'PRODUCT_QUALITY', 'URGENT', new Date('2026-11-27T10:00:00+08:00'));
    expect(d).toEqual({ slaPolicy: 'urgent-48h', planDueAt: '2026-11-29T02:00:00.000Z', resolutionDueAt: '2026-11-29T02:00:00.000Z' });
  });

  it('give a normal complaint five working days, across the weekend', () => {
    const d = complaintDeadlines(defaultRules, 'SERVICE', 'NORMAL', new Date('2026-11-27T10:00:00+08:00'));
    expect(d.resolutionDueAt).toBe(new Date('2026-12-04T10:00:00+08:00').toISOString());
    expect(d.planDueAt).toBe(new Date('2026-12-01T10:00:00+08:00').toISOString());
  });

  it('send product-quality complaints to the four managers', () => {
    expect(routingFor(defaultRules, 'PRODUCT_QUALITY', 'NORMAL').notify).toEqual(['SALES_MANAGER', 'QUALITY_MANAGER', 'PURCHASING_MANAGER', 'GENERAL_MANAGER']);
  });
});

describe('rules validation', () => {
  it('refuses routing to a policy that does not exist, and a category left without a rule', () => {
    const broken = { ...defaultRules, routing: [{ ...defaultRules.routing[0]!, slaPolicy: 'nope' }] };
    const result = Rules.safeParse(broken);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('routing.0.slaPolicy: no SLA policy nope');
    expect(messages).toContain('routing: no rule for DELIVERY × URGENT');
  });
});

describe('task checkpoints', () => {
  const policy = defaultRules.slaPolicies['urgent-48h']!;
  it('remind at half and four fifths of the window, alert at the deadline, escalate after 4 working hours', () => {
    const planned = new Date('2026-11-24T10:00:00+08:00');
    const due = new Date('2026-11-25T10:00:00+08:00');
    expect(taskCheckpoints(policy, defaultRules.calendar, planned, due)).toEqual([
      { at: new Date('2026-11-24T22:00:00+08:00').toISOString(), kind: 'REMINDER', level: 1, roles: [] },
      { at: new Date('2026-11-25T05:12:00+08:00').toISOString(), kind: 'REMINDER', level: 2, roles: [] },
      { at: due.toISOString(), kind: 'ESCALATION', level: 1, roles: ['QUALITY_MANAGER'] },
      { at: new Date('2026-11-25T14:00:00+08:00').toISOString(), kind: 'ESCALATION', level: 2, roles: ['GENERAL_MANAGER'] },
    ]);
  });
});
