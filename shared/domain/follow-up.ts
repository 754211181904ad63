import { z } from 'zod';
import { Span, addSpan, type BusinessCalendar } from './calendar.ts';
import type { Customer, ResponseSentTo } from './model.ts';
import { optionalMultiLine } from './text.ts';

/**
 * Follow-up (回访) after close: when the customer is asked how satisfied they are, when an
 * unanswered request is chased (once) and when it is given up, what counts as a low score, how
 * long the signed link stays good, and on which channel the customer is asked.
 *
 * Spans like the SLA policies' (working days of the business calendar by default); a company that
 * wants "five working days" writes `{ amount: 5, unit: 'days', basis: 'working' }`.
 */
export const FollowUpRules = z.object({
  /** After the close, when the request goes out. */
  after: Span,
  /** After the request, when it is chased; after the chase, when it is given up as unanswered. */
  chaseAfter: Span,
  /** A rating at or below this is low: the service managers hear of it. */
  lowScoreAtMost: z.number().int().min(1).max(4),
  /** How long a satisfaction link is good, in calendar days (the chase sends a fresh one). */
  linkValidDays: z.number().int().min(1).max(60),
  /**
   * The channel: as the response went (AS_RESPONSE), or EMAIL / SMS to the same person when their
   * address on that channel is known (else as the response went).
   */
  channel: z.enum(['AS_RESPONSE', 'EMAIL', 'SMS']),
}).strict();
export type FollowUpRules = z.infer<typeof FollowUpRules>;

/** Shipped defaults: ask five working days after the close, chase after three, 1–2 is low. */
export const defaultFollowUpRules: FollowUpRules = {
  after: { amount: 5, unit: 'days', basis: 'working' },
  chaseAfter: { amount: 3, unit: 'days', basis: 'working' },
  lowScoreAtMost: 2,
  linkValidDays: 14,
  channel: 'AS_RESPONSE',
};

export const FollowUpStatus = z.enum(['SCHEDULED', 'SENT', 'CHASED', 'ANSWERED', 'UNANSWERED']);
export type FollowUpStatus = z.infer<typeof FollowUpStatus>;
/** Statuses in which an answer is still taken. */
export const OPEN_FOLLOW_UP: readonly FollowUpStatus[] = ['SCHEDULED', 'SENT', 'CHASED'];

/** How the answer came: the customer through the signed link, or a service agent after a call. */
export type FollowUpVia = 'SIGNED_LINK' | 'PHONE_CALL';

/** The follow-up of a closed complaint, as recorded on it. */
export interface FollowUp {
  /** The handling round it follows up (1; 2 after a reopen …). */
  round: number;
  status: FollowUpStatus;
  /** The rules in force at the close (later changes do not move it). */
  rules: FollowUpRules;
  /** When the request goes out. */
  dueAt: string;
  scheduledAt: string;
  /** Where the request went (the person the response went to), fixed before the first send. */
  sentTo?: ResponseSentTo;
  sentAt?: string;
  /** When an unanswered request is chased. */
  chaseAt?: string;
  chasedAt?: string;
  /** When a chased request is given up. */
  giveUpAt?: string;
  unansweredAt?: string;
  /** Why it ended unanswered without a request (no address to send it to). */
  unansweredReason?: string;
  rating?: number;
  comment?: string;
  lowScore?: boolean;
  answeredAt?: string;
  /** The customer's code (link) or the agent's person id (call). */
  answeredBy?: string;
  via?: FollowUpVia;
}

/** What a satisfaction answer says: a whole rating 1–5 and an optional comment. */
export const SatisfactionAnswer = z.object({
  rating: z.number().int('a whole number from 1 to 5').min(1, 'from 1 to 5').max(5, 'from 1 to 5'),
  comment: optionalMultiLine(2000),
}).strict();
export type SatisfactionAnswer = z.infer<typeof SatisfactionAnswer>;

/**
 * A Wait state's timestamp: whole seconds, "…T…Z" without a fraction (the form Step Functions'
 * TimestampPath documents), rounded up so the wait never ends before the instant.
 */
export function waitTimestamp(at: Date): string {
  return new Date(Math.ceil(at.getTime() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The follow-up of a complaint closed at `closedAt`, under the rules and calendar in force. */
export function scheduleFollowUp(rules: FollowUpRules, calendar: BusinessCalendar, closedAt: Date, round: number, now: Date): FollowUp {
  return {
    round, status: 'SCHEDULED', rules,
    dueAt: waitTimestamp(addSpan(closedAt, rules.after, calendar)),
    scheduledAt: now.toISOString(),
  };
}

/** When the next wait of the follow-up ends: the chase after a send, the give-up after a chase. */
export const nextDeadline = (rules: FollowUpRules, calendar: BusinessCalendar, from: Date) => addSpan(from, rules.chaseAfter, calendar).toISOString();

export const isLowScore = (rating: number, rules: Pick<FollowUpRules, 'lowScoreAtMost'>) => rating <= rules.lowScoreAtMost;

/**
 * Where the request goes: to the person the response went to. With a channel preference, to that
 * person's address on that channel when master data knows it (the contact the response named, or
 * the customer's general address), else as the response went. Undefined when the response went
 * nowhere (it always goes somewhere before a close).
 */
export function followUpRecipient(
  sentTo: ResponseSentTo | undefined,
  customer: Pick<Customer, 'email' | 'phones' | 'contacts'>,
  preference: FollowUpRules['channel'],
): ResponseSentTo | undefined {
  if (!sentTo || preference === 'AS_RESPONSE' || preference === sentTo.channel) return sentTo;
  const contact = sentTo.basis === 'COMPLAINT_CONTACT'
    ? (customer.contacts ?? []).find((c) => c.name === sentTo.contactName && (sentTo.channel === 'EMAIL' ? c.email === sentTo.address : c.phone === sentTo.address))
    : undefined;
  const address = sentTo.basis === 'COMPLAINT_CONTACT'
    ? (preference === 'EMAIL' ? contact?.email : contact?.phone)
    : (preference === 'EMAIL' ? customer.email : customer.phones[0]);
  return address ? { ...sentTo, channel: preference, address } : sentTo;
}

/** What a waiting follow-up step is resumed with, from what the complaint records. */
export function followUpOutcome(followUp: Pick<FollowUp, 'status' | 'lowScore'> | undefined) {
  return { status: followUp?.status ?? 'UNANSWERED', lowScore: followUp?.status === 'ANSWERED' && followUp.lowScore === true };
}
