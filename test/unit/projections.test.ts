import fc from 'fast-check';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  atRiskFrom, complaintSla, counterDelta, isLaterSequence, monthOf, taskViewIndexKeys, viewCounters, viewIndexKeys,
  type ComplaintFacts, type ComplaintView, type TaskView,
} from '../../shared/domain/projections.ts';
import { monthsOf, slaComplianceRows, toCsv } from '../../shared/domain/reports.ts';

const facts = (over: Partial<ComplaintFacts> = {}): ComplaintFacts => ({
  complaintId: 'CMP-2026-000001', customerCode: 'SY001', customerName: 'Shenyang Precision', salespersonId: 'sales.li',
  documentNumber: 'DN-1', productName: 'Laptop', status: 'IN_PROGRESS', urgency: 'URGENT', category: 'PRODUCT_QUALITY',
  receivedAt: '2026-11-24T00:00:00.000Z', timeZone: 'Asia/Shanghai', round: 1,
  planDueAt: '2026-11-26T00:00:00.000Z', planSubmittedAt: '2026-11-24T06:00:00.000Z', resolutionDueAt: '2026-11-28T00:00:00.000Z',
  ...over,
});
const view = (c: ComplaintFacts, over: Partial<ComplaintView> = {}): ComplaintView => ({ complaintId: c.complaintId, complaint: c, tasks: {}, seq: {}, version: 1, ...over });

describe('where a complaint stands against its deadline (fixed clocks)', () => {
  it('works against the plan deadline until there is a plan, then the resolution deadline', () => {
    const noPlan = facts({ status: 'AWAITING_PLAN', planSubmittedAt: undefined });
    expect(complaintSla(noPlan, new Date('2026-11-24T12:00:00Z'))).toEqual({ state: 'ON_TRACK', deadline: 'PLAN', dueAt: noPlan.planDueAt });
    // 48 h window: at risk in its last quarter (from 12 h before), breached after.
    expect(complaintSla(noPlan, new Date('2026-11-25T12:00:00Z')).state).toBe('AT_RISK');
    expect(complaintSla(noPlan, new Date('2026-11-26T00:00:01Z')).state).toBe('BREACHED');
    expect(complaintSla(facts(), new Date('2026-11-26T12:00:00Z'))).toMatchObject({ state: 'ON_TRACK', deadline: 'RESOLUTION' });
    expect(complaintSla(facts({ heldSince: '2026-11-25T00:00:00Z' }), new Date('2026-11-29T00:00:00Z')).state).toBe('ON_HOLD');
    expect(complaintSla(facts({ status: 'CLOSED', respondedAt: '2026-11-27T00:00:00Z' }), new Date('2026-12-30T00:00:00Z')).state).toBe('MET');
    expect(complaintSla(facts({ status: 'CLOSED', respondedAt: '2026-11-29T00:00:00Z' }), new Date('2026-11-29T00:00:00Z')).state).toBe('MISSED');
  });

  it('puts a complaint in the risk index exactly when a row would show it at risk or breached', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 30 * 24 }), fc.integer({ min: -40 * 24, max: 40 * 24 }), fc.boolean(),
      (windowHours, nowOffsetHours, planned) => {
        const receivedAt = '2026-11-01T00:00:00.000Z';
        const due = new Date(Date.parse(receivedAt) + windowHours * 3_600_000).toISOString();
        const c = facts({ receivedAt, planDueAt: due, resolutionDueAt: due, planSubmittedAt: planned ? receivedAt : undefined, status: planned ? 'IN_PROGRESS' : 'AWAITING_PLAN' });
        const now = new Date(Date.parse(receivedAt) + nowOffsetHours * 3_600_000 + 1);
        const keys = viewIndexKeys(view(c));
        const inRiskQuery = keys.GSI3PK === 'SLA_RISK' && keys.GSI3SK! <= `${now.toISOString()}#~`;
        expect(inRiskQuery).toBe(['AT_RISK', 'BREACHED'].includes(complaintSla(c, now).state));
      },
    ));
    expect(atRiskFrom({ from: '2026-11-01T00:00:00.000Z', dueAt: '2026-11-05T00:00:00.000Z' })).toBe('2026-11-04T00:00:00.000Z');
  });
});

describe('queue keys', () => {
  it('files a complaint under the queues it belongs in, and only those', () => {
    const open = viewIndexKeys(view(facts()));
    expect(open).toMatchObject({ GSI2PK: 'OPEN#URGENT', GSI3PK: 'SLA_RISK', GSI5PK: 'RECEIVED#2026-11', GSI6PK: 'CUSTOMER#SY001', GSI7PK: 'SALES#sales.li' });
    expect(open.GSI4PK).toBeUndefined();
    expect(viewIndexKeys(view(facts({ status: 'AWAITING_SALES_CONFIRMATION' })))).toMatchObject({ GSI4PK: 'CONFIRM#sales.li' });
    expect(viewIndexKeys(view(facts({ heldSince: '2026-11-25T00:00:00Z' }))).GSI3PK).toBeUndefined();
    const closed = viewIndexKeys(view(facts({ status: 'CLOSED', followUp: { status: 'SENT', dueAt: '2026-12-01T00:00:00Z', nextAt: '2026-12-04T00:00:00Z' } })));
    expect(closed).toMatchObject({ GSI3PK: 'FOLLOW_UP', GSI3SK: '2026-12-04T00:00:00Z#CMP-2026-000001' });
    expect(closed.GSI2PK).toBeUndefined();
    expect(closed.GSI7PK).toBeUndefined();
    expect(viewIndexKeys(view(facts({ status: 'CLOSED', followUp: { status: 'ANSWERED', dueAt: 'x', nextAt: 'x', rating: 5 } }))).GSI3PK).toBeUndefined();
  });

  it('lists a task for its assignee while open, and as overdue only while its clock runs', () => {
    const task: TaskView = { complaintId: 'CMP-2026-000001', taskId: 'T1', title: 'Visit', assigneeId: 'tech.zhou', dueAt: '2026-11-25T01:00:00.000Z', status: 'OPEN', round: 1, overdue: false, seq: '1' };
    expect(taskViewIndexKeys(task)).toEqual({
      GSI4PK: 'ASSIGNEE#tech.zhou', GSI4SK: '2026-11-25T01:00:00.000Z#CMP-2026-000001#T1', GSI3PK: 'TASK_DUE', GSI3SK: '2026-11-25T01:00:00.000Z#CMP-2026-000001#T1',
    });
    expect(taskViewIndexKeys({ ...task, heldSince: '2026-11-24T00:00:00Z' }).GSI3PK).toBeUndefined();
    expect(taskViewIndexKeys({ ...task, status: 'DONE' })).toEqual({});
  });
});

describe('report counters', () => {
  it('moves a complaint from in progress to done when it closes, and leaves the rest alone', () => {
    const before = view(facts());
    const after = view(facts({ status: 'CLOSED', respondedAt: '2026-11-27T00:00:00.000Z', closedAt: '2026-11-27T00:00:01.000Z' }));
    expect(counterDelta(viewCounters(before), viewCounters(after))).toEqual([
      { report: 'CUSTOMER_STATUS', month: '2026-11', row: 'CUSTOMER#SY001', labels: expect.any(Object), counts: { done: 1, inProgress: -1 } },
      { report: 'SLA', month: '2026-11', row: 'PRODUCT_QUALITY#URGENT', labels: expect.any(Object), counts: { responded: 1, respondedOnTime: 1 } },
    ]);
    expect(counterDelta(viewCounters(before), viewCounters(before))).toEqual([]);
  });

  it('moves a reclassified complaint to its new row', () => {
    const delta = counterDelta(viewCounters(view(facts())), viewCounters(view(facts({ category: 'DELIVERY', urgency: 'NORMAL' }))));
    const sla = delta.filter((c) => c.report === 'SLA');
    expect(sla.map((c) => [c.row, c.counts.received])).toEqual([['PRODUCT_QUALITY#URGENT', -1], ['DELIVERY#NORMAL', 1]]);
  });

  it('counts a month in the business calendar\'s zone', () => {
    expect(monthOf('2026-11-30T17:00:00.000Z', 'Asia/Shanghai')).toBe('2026-12');
    expect(monthOf('2026-11-30T17:00:00.000Z', 'UTC')).toBe('2026-11');
    expect(monthsOf('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('compares stream sequence numbers as numbers', () => {
    expect(isLaterSequence('100000000000000000010', '99000000000000000000')).toBe(true);
    expect(isLaterSequence('000000000000000000034', '000000000000000000038')).toBe(false);
    expect(isLaterSequence('5', undefined)).toBe(true);
  });

  it('turns a month\'s counts into percentages, with a total row', () => {
    const rows = slaComplianceRows('2026-11', [
      { category: 'PRODUCT_QUALITY', urgency: 'URGENT', received: 4, planned: 4, plannedOnTime: 3, responded: 2, respondedOnTime: 1, notified: 4, notifySeconds: 480, rated: 2, ratingSum: 7 },
      { category: 'DELIVERY', urgency: 'NORMAL', received: 1, planned: 0, plannedOnTime: 0, responded: 0, respondedOnTime: 0, notified: 1, notifySeconds: 60, rated: 0, ratingSum: 0 },
    ]);
    expect(rows[0]).toMatchObject({ planOnTimePercent: 75, resolutionOnTimePercent: 50, averageFirstNotificationMinutes: 2, satisfactionAverage: 3.5 });
    expect(rows[1]).toMatchObject({ planOnTimePercent: null, resolutionOnTimePercent: null, satisfactionAverage: null });
    expect(rows[2]).toMatchObject({ category: 'ALL', urgency: 'ALL', received: 5, planOnTimePercent: 75, averageFirstNotificationMinutes: 1.8 });
  });
});

describe('CSV', () => {
  it('writes a header and the rows in column order, quoting what needs it, and parses back', () => {
    const rows = [
      { name: 'Shenyang "Precision", Co.', n: 3, note: 'two\nlines', none: null },
      { name: '沈阳精密仪器', n: 0, note: '=HYPERLINK("x")', none: null },
    ];
    const text = toCsv(['name', 'n', 'note', 'none'], rows);
    expect(text.split('\r\n')[0]).toBe('name,n,note,none');
    const parsed = parseCsv(text, { columns: true }) as Record<string, string>[];
    expect(parsed[0]).toEqual({ name: 'Shenyang "Precision", Co.', n: '3', note: 'two\nlines', none: '' });
    // A cell a spreadsheet would run as a formula is defused.
    expect(parsed[1]!.note).toBe('\'=HYPERLINK("x")');
    expect(parsed[1]!.name).toBe('沈阳精密仪器');
  });
});
