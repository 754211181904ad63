import {
  OPEN_FOLLOW_UP, followUpOutcome, followUpRecipient, isLowScore, nextDeadline, scheduleFollowUp,
  type FollowUp, type FollowUpStatus, type FollowUpVia, type SatisfactionAnswer,
} from '../domain/follow-up.ts';
import { linkUseKey } from '../domain/action-links.ts';
import { DomainError, conflict, notFound } from '../domain/errors.ts';
import { renderMessage } from '../domain/messages.ts';
import { roundOf, type Complaint, type Person } from '../domain/model.ts';
import { timerSeconds } from '../domain/sla.ts';
import { deliverOnce } from '../notifications/deliver.ts';
import { announce } from './announce.ts';
import { isLinkUsed, linkUsePut } from '../store/action-links.ts';
import { getComplaint } from '../store/complaints.ts';
import { writeFollowUp } from '../store/follow-up.ts';
import { getCustomer } from '../store/master-data.ts';
import { getRules } from '../store/rules.ts';
import { resumeStep } from '../workflow/sfn.ts';
import { signedLink, verifiedGrant, type ActionLinkConfig } from './action-links.ts';

/**
 * The follow-up (回访) after close, as steps of the lifecycle state machine: schedule → (wait) →
 * send the signed link → wait for the answer → chase once → wait → unanswered. Each step reads
 * what the complaint records and moves it on with a conditional write, so a retried step or a
 * replayed execution does nothing twice; each message goes out once (deliverOnce).
 */

const calendarOf = async (c: Complaint) => c.sla?.calendar ?? (await getRules()).rules.calendar;

/** What the wait after a step needs: its round, and the seconds until the next deadline (≥ 1). */
function timer(fu: FollowUp, now: Date) {
  const at = fu.status === 'SENT' ? fu.chaseAt : fu.status === 'CHASED' ? fu.giveUpAt : undefined;
  // An answered or given-up follow-up: the next wait parks, finds it settled and moves on at once.
  return { round: fu.round, status: fu.status, timeoutSeconds: at ? timerSeconds(at, now) : 1 };
}

async function current(complaintId: string): Promise<{ complaint: Complaint; followUp: FollowUp }> {
  const complaint = await getComplaint(complaintId);
  if (!complaint.followUp) throw new DomainError('FollowUpNotScheduled', `complaint ${complaintId} has no follow-up`);
  return { complaint, followUp: complaint.followUp };
}

/** After the close: fix when the customer is asked, under today's follow-up rules. Once per round. */
export async function scheduleComplaintFollowUp(complaintId: string, now = new Date()) {
  const complaint = await getComplaint(complaintId);
  if (!complaint.followUp || complaint.followUp.round !== roundOf(complaint)) {
    if (complaint.status !== 'CLOSED') throw conflict(`complaint ${complaintId} is ${complaint.status}; a follow-up comes after the close`);
    const { rules } = await getRules();
    const followUp = scheduleFollowUp(rules.followUp, await calendarOf(complaint), new Date(complaint.closedAt ?? now), roundOf(complaint), now);
    // A retry finds the follow-up written by the first attempt (the condition) and keeps it.
    await writeFollowUp(complaintId, { create: followUp }, {
      at: now.toISOString(), type: 'FOLLOW_UP_SCHEDULED', actor: 'system', detail: { round: followUp.round, dueAt: followUp.dueAt },
    });
  }
  const { followUp } = await current(complaintId);
  return { round: followUp.round, dueAt: followUp.dueAt };
}

/** The signed link for the customer's answer: names the complaint, the round and the customer. */
const satisfactionLink = (links: ActionLinkConfig, complaint: Complaint, fu: FollowUp, now: Date) => signedLink(links, {
  p: 'SATISFACTION', c: complaint.complaintId, r: fu.round, s: complaint.customerCode,
  e: Math.floor(now.getTime() / 1000) + fu.rules.linkValidDays * 86_400,
});

/**
 * Send the request to the person the response went to, once; then wait for the chase time. An
 * agent who recorded a call before the request was due leaves nothing to send.
 */
export async function sendFollowUpRequest(complaintId: string, senderEmail: string, links: ActionLinkConfig, now = new Date()) {
  const { complaint, followUp } = await current(complaintId);
  if (followUp.status !== 'SCHEDULED') return timer(followUp, now);
  const customer = await getCustomer(complaint.customerCode);
  if (!customer) throw notFound('customer', complaint.customerCode);
  const to = followUp.sentTo ?? followUpRecipient(complaint.response?.sentTo, customer, followUp.rules.channel);
  if (!to) {
    await writeFollowUp(complaintId, { round: followUp.round, from: ['SCHEDULED'], set: { status: 'UNANSWERED', unansweredAt: now.toISOString(), unansweredReason: 'NO_ADDRESS' } }, {
      at: now.toISOString(), type: 'FOLLOW_UP_UNANSWERED', actor: 'system', detail: { round: followUp.round, reason: 'the customer has no address to ask' },
    });
    return timer((await current(complaintId)).followUp, now);
  }
  if (!followUp.sentTo) {
    // Fixed before the send: a retried send goes to the same address even if master data changed.
    // (The timeline names the recipient with FOLLOW_UP_SENT.)
    await writeFollowUp(complaintId, { round: followUp.round, from: ['SCHEDULED'], set: { sentTo: to } }, undefined);
  }
  const sentTo = (await current(complaintId)).followUp.sentTo ?? to;
  const link = await satisfactionLink(links, complaint, followUp, now);
  await deliverOnce({
    complaintId, event: `FOLLOW_UP_REQUEST#r${followUp.round}`, recipientId: customer.code, channel: sentTo.channel, address: sentTo.address,
    message: renderMessage('FOLLOW_UP_REQUEST', customer.locale, { complaint, actionLink: link }, sentTo.channel), senderEmail,
  });
  const chaseAt = nextDeadline(followUp.rules, await calendarOf(complaint), now);
  await writeFollowUp(complaintId, { round: followUp.round, from: ['SCHEDULED'], set: { status: 'SENT', sentAt: now.toISOString(), chaseAt } }, {
    at: now.toISOString(), type: 'FOLLOW_UP_SENT', actor: 'system', detail: { round: followUp.round, sentTo, linkExpiresAt: link.expiresAt, chaseAt },
  });
  return timer((await current(complaintId)).followUp, now);
}

/** The request went unanswered until the chase time: ask once more (a fresh link), then wait again. */
export async function chaseFollowUp(complaintId: string, senderEmail: string, links: ActionLinkConfig, now = new Date()) {
  const { complaint, followUp } = await current(complaintId);
  if (followUp.status !== 'SENT' || !followUp.sentTo) return timer(followUp, now);
  const customer = await getCustomer(complaint.customerCode);
  if (!customer) throw notFound('customer', complaint.customerCode);
  const link = await satisfactionLink(links, complaint, followUp, now);
  await deliverOnce({
    complaintId, event: `FOLLOW_UP_CHASE#r${followUp.round}`, recipientId: customer.code, channel: followUp.sentTo.channel, address: followUp.sentTo.address,
    message: renderMessage('FOLLOW_UP_CHASE', customer.locale, { complaint, actionLink: link }, followUp.sentTo.channel), senderEmail,
  });
  const giveUpAt = nextDeadline(followUp.rules, await calendarOf(complaint), now);
  await writeFollowUp(complaintId, { round: followUp.round, from: ['SENT'], set: { status: 'CHASED', chasedAt: now.toISOString(), giveUpAt } }, {
    at: now.toISOString(), type: 'FOLLOW_UP_CHASED', actor: 'system', detail: { round: followUp.round, linkExpiresAt: link.expiresAt, giveUpAt },
  });
  return timer((await current(complaintId)).followUp, now);
}

/** Chased and still unanswered at the give-up time: recorded as UNANSWERED; the lifecycle ends. */
export async function giveUpFollowUp(complaintId: string, now = new Date()) {
  const { followUp } = await current(complaintId);
  if (followUp.status === 'CHASED') {
    await writeFollowUp(complaintId, { round: followUp.round, from: ['CHASED'], set: { status: 'UNANSWERED', unansweredAt: now.toISOString() } }, {
      at: now.toISOString(), type: 'FOLLOW_UP_UNANSWERED', actor: 'system', detail: { round: followUp.round, sentAt: followUp.sentAt, chasedAt: followUp.chasedAt },
    });
  }
  // An answer that landed just before the give-up is kept (the write above did not happen).
  return followUpOutcome((await current(complaintId)).followUp);
}

/**
 * Record the customer's answer, once: the follow-up must be waiting (SCHEDULED, SENT or CHASED,
 * of this round) and, through a link, the link unused — both in one transaction with the timeline
 * entry, so nothing is written on a refusal. Then the waiting step is resumed (or, if it has not
 * parked yet, finds the answer when it does).
 */
async function recordAnswer(
  complaint: Complaint, round: number, answer: SatisfactionAnswer, by: { id: string; via: FollowUpVia }, now: Date, linkUse?: string,
) {
  const { complaintId } = complaint;
  const followUp = complaint.followUp;
  const lowScore = followUp ? isLowScore(answer.rating, followUp.rules) : false;
  const from: readonly FollowUpStatus[] = by.via === 'SIGNED_LINK' ? ['SENT', 'CHASED'] : OPEN_FOLLOW_UP;
  const written = await writeFollowUp(complaintId, {
    round, from,
    set: { status: 'ANSWERED', rating: answer.rating, comment: answer.comment, lowScore, answeredAt: now.toISOString(), answeredBy: by.id, via: by.via },
  }, {
    at: now.toISOString(), type: 'FOLLOW_UP_ANSWERED', actor: by.via === 'SIGNED_LINK' ? `customer:${by.id}` : by.id,
    detail: { round, rating: answer.rating, comment: answer.comment, lowScore, via: by.via },
  }, linkUse ? [linkUsePut(linkUse, { complaintId, usedBy: by.id, usedAt: now.toISOString() })] : []);
  if (!written.ok) {
    if (written.reason === 'EXTRA') throw new DomainError('LinkUsed', 'this link has been used already', 409);
    const status = followUp?.round === round ? followUp.status : undefined;
    throw conflict(status === 'ANSWERED' ? `the follow-up of ${complaintId} has been answered already`
      : status ? `the follow-up of ${complaintId} is ${status}; it takes no answer now` : `complaint ${complaintId} has no follow-up waiting for an answer`);
  }
  const after = await getComplaint(complaintId);
  await resumeStep(after.stepTokens?.FOLLOW_UP, followUpOutcome(after.followUp));
  return { complaintId, round, status: 'ANSWERED' as const, rating: answer.rating, lowScore };
}

/** The customer answers through the signed link: without sign-in, once. */
export async function answerThroughLink(links: ActionLinkConfig, input: SatisfactionAnswer & { token: string }, now = new Date()) {
  const grant = await verifiedGrant(links, input.token, now, 'SATISFACTION');
  if (await isLinkUsed(linkUseKey(grant))) {
    // The first use may have recorded the answer and died before resuming the workflow.
    const complaint = await getComplaint(grant.c);
    if (complaint.followUp?.round === grant.r && complaint.followUp.status === 'ANSWERED') {
      await resumeStep(complaint.stepTokens?.FOLLOW_UP, followUpOutcome(complaint.followUp));
    }
    throw new DomainError('LinkUsed', 'this link has been used already', 409);
  }
  // Only a complaint that does not exist makes the link invalid; throttling or a 5xx stays an error.
  const complaint = await getComplaint(grant.c).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'NotFound') return undefined;
    throw error;
  });
  // A link for a customer the complaint is not about cannot have been signed by us for it.
  if (!complaint || complaint.customerCode !== grant.s) throw new DomainError('InvalidLink', 'this link is not valid', 401);
  const { token: _token, ...answer } = input;
  return recordAnswer(complaint, grant.r, answer, { id: grant.s, via: 'SIGNED_LINK' }, now, linkUseKey(grant));
}

/**
 * A service agent records the result of a follow-up call. The same request again (a client
 * retrying) is answered with what was recorded; any other second answer is a conflict.
 */
export async function recordFollowUpCall(complaintId: string, answer: SatisfactionAnswer, agent: Person, senderEmail: string, now = new Date()) {
  const complaint = await getComplaint(complaintId);
  const fu = complaint.followUp;
  if (fu?.status === 'ANSWERED' && fu.via === 'PHONE_CALL' && fu.answeredBy === agent.personId && fu.rating === answer.rating
    && (fu.comment ?? undefined) === (answer.comment ?? undefined)) {
    await resumeStep(complaint.stepTokens?.FOLLOW_UP, followUpOutcome(fu));
    return { complaintId, round: fu.round, status: 'ANSWERED' as const, rating: fu.rating, lowScore: fu.lowScore === true };
  }
  const recorded = await recordAnswer(complaint, fu?.round ?? roundOf(complaint), answer, { id: agent.personId, via: 'PHONE_CALL' }, now);
  // A low score taken before the request went out: the lifecycle sleeps until the request's due
  // time, so the service managers are told now (the send the workflow makes later is deduplicated).
  if (recorded.lowScore) await announce(complaintId, { kind: 'FOLLOW_UP_LOW_SCORE', round: recorded.round }, senderEmail);
  return recorded;
}
