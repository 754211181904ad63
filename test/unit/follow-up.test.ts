import { describe, expect, it } from 'vitest';
import {
  FollowUpRules, SatisfactionAnswer, defaultFollowUpRules, followUpOutcome, followUpRecipient, isLowScore, nextDeadline, scheduleFollowUp, waitTimestamp,
} from '../../shared/domain/follow-up.ts';
import { Rules, defaultRules } from '../../shared/domain/rules.ts';
import type { ResponseSentTo } from '../../shared/domain/model.ts';

const calendar = defaultRules.calendar; // Asia/Shanghai, Mon–Fri 09:00–18:00
const customer = {
  email: 'purchasing@sy-precision.example',
  phones: ['+862488887001'],
  contacts: [{ name: 'Zhang Min', phone: '+8613911112222', email: 'zhang.min@sy-precision.example' }, { name: 'Li Jun', phone: '+8613911113333' }],
};

describe('follow-up rules', () => {
  it('default to five working days, a chase after three, 1–2 low, a 14-day link, as the response went', () => {
    expect(defaultRules.followUp).toEqual(defaultFollowUpRules);
    // Rules saved before the follow-up existed get the defaults.
    const { followUp: _f, ...older } = defaultRules;
    expect(Rules.parse(older).followUp).toEqual(defaultFollowUpRules);
  });

  it('refuse a score limit outside 1–4, a link longer than 60 days, an unknown channel and unknown fields', () => {
    const bad = (change: Record<string, unknown>) => FollowUpRules.safeParse({ ...defaultFollowUpRules, ...change }).error?.issues.map((i) => i.path.join('.'));
    expect(bad({ lowScoreAtMost: 5 })).toEqual(['lowScoreAtMost']);
    expect(bad({ lowScoreAtMost: 0 })).toEqual(['lowScoreAtMost']);
    expect(bad({ lowScoreAtMost: 1.5 })).toEqual(['lowScoreAtMost']);
    expect(bad({ linkValidDays: 61 })).toEqual(['linkValidDays']);
    expect(bad({ channel: 'FAX' })).toEqual(['channel']);
    expect(bad({ after: { amount: 400, unit: 'days', basis: 'working' } })).toEqual(['after.amount']);
    expect(bad({ chaseAfterDays: 3 })).toEqual(['']);
  });
});

describe('scheduling a follow-up (fixed clock)', () => {
  it('asks five working days after the close: Friday 10:00 → the next Friday 10:00, over a holiday one day later', () => {
    const closedAt = new Date('2026-11-20T02:00:00Z'); // Friday 10:00 in Shanghai
    const fu = scheduleFollowUp(defaultFollowUpRules, calendar, closedAt, 1, closedAt);
    expect(fu).toMatchObject({ round: 1, status: 'SCHEDULED', dueAt: '2026-11-27T02:00:00Z', scheduledAt: '2026-11-20T02:00:00.000Z' });
    const withHoliday = { ...calendar, holidays: ['2026-11-24'] };
    expect(scheduleFollowUp(defaultFollowUpRules, withHoliday, closedAt, 1, closedAt).dueAt).toBe('2026-11-30T02:00:00Z');
  });

  it('counts a close after hours from the next working morning', () => {
    const closedAt = new Date('2026-11-20T12:30:00Z'); // Friday 20:30 in Shanghai
    expect(scheduleFollowUp(defaultFollowUpRules, calendar, closedAt, 2, closedAt)).toMatchObject({ round: 2, dueAt: '2026-11-27T10:00:00Z' });
  });

  it('chases three working days after the request', () => {
    expect(nextDeadline(defaultFollowUpRules, calendar, new Date('2026-11-27T02:00:00Z'))).toBe('2026-12-02T02:00:00.000Z');
  });

  it('gives the Wait state whole seconds without a fraction, never early', () => {
    expect(waitTimestamp(new Date('2026-11-27T02:00:00.000Z'))).toBe('2026-11-27T02:00:00Z');
    expect(waitTimestamp(new Date('2026-11-27T02:00:00.001Z'))).toBe('2026-11-27T02:00:01Z');
  });
});

describe('who is asked', () => {
  const toContact: ResponseSentTo = { channel: 'EMAIL', address: 'zhang.min@sy-precision.example', contactName: 'Zhang Min', basis: 'COMPLAINT_CONTACT' };
  const toGeneral: ResponseSentTo = { channel: 'EMAIL', address: 'purchasing@sy-precision.example', basis: 'CUSTOMER_DEFAULT' };

  it('the person the response went to, as it went', () => {
    expect(followUpRecipient(toContact, customer, 'AS_RESPONSE')).toEqual(toContact);
    expect(followUpRecipient(toContact, customer, 'EMAIL')).toEqual(toContact);
    expect(followUpRecipient(undefined, customer, 'SMS')).toBeUndefined();
  });

  it('the same person on the preferred channel when master data knows their address there', () => {
    expect(followUpRecipient(toContact, customer, 'SMS')).toEqual({ ...toContact, channel: 'SMS', address: '+8613911112222' });
    expect(followUpRecipient(toGeneral, customer, 'SMS')).toEqual({ ...toGeneral, channel: 'SMS', address: '+862488887001' });
    const bySms: ResponseSentTo = { channel: 'SMS', address: '+8613911113333', contactName: 'Li Jun', basis: 'COMPLAINT_CONTACT' };
    // Li Jun has no email: asked by SMS as the response went, not at somebody else's address.
    expect(followUpRecipient(bySms, customer, 'EMAIL')).toEqual(bySms);
  });
});

describe('answers', () => {
  it('are a whole rating 1–5 and an optional bounded comment, nothing else', () => {
    const paths = (body: unknown) => SatisfactionAnswer.safeParse(body).error?.issues.map((i) => i.path.join('.'));
    expect(SatisfactionAnswer.parse({ rating: 3, comment: '  fine  ' })).toEqual({ rating: 3, comment: 'fine' });
    expect(SatisfactionAnswer.parse({ rating: 5, comment: '   ' })).toEqual({ rating: 5, comment: undefined });
    expect(paths({ rating: 0 })).toEqual(['rating']);
    expect(paths({ rating: 6 })).toEqual(['rating']);
    expect(paths({ rating: 4.5 })).toEqual(['rating']);
    expect(paths({ rating: '5' })).toEqual(['rating']);
    expect(paths({})).toEqual(['rating']);
    expect(paths({ rating: 3, comment: 'x'.repeat(2001) })).toEqual(['comment']);
    expect(paths({ rating: 3, score: 3 })).toEqual(['']);
  });

  it('are low at or below the limit, and resume the waiting step with what is recorded', () => {
    expect([1, 2, 3, 4, 5].map((r) => isLowScore(r, defaultFollowUpRules))).toEqual([true, true, false, false, false]);
    expect(followUpOutcome({ status: 'ANSWERED', lowScore: true })).toEqual({ status: 'ANSWERED', lowScore: true });
    expect(followUpOutcome({ status: 'UNANSWERED' })).toEqual({ status: 'UNANSWERED', lowScore: false });
    expect(followUpOutcome({ status: 'SENT', lowScore: true })).toEqual({ status: 'SENT', lowScore: false });
    expect(followUpOutcome(undefined)).toEqual({ status: 'UNANSWERED', lowScore: false });
  });
});
