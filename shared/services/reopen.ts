import type { Reopening } from '../api/contract.ts';
import { conflict } from '../domain/errors.ts';
import { followUpOutcome, OPEN_FOLLOW_UP } from '../domain/follow-up.ts';
import { roundOf, type ArchivedRound, type Person } from '../domain/model.ts';
import { complaintDeadlines } from '../domain/rules.ts';
import { timerSeconds } from '../domain/sla.ts';
import { getComplaint, reopenRound } from '../store/complaints.ts';
import { getRules } from '../store/rules.ts';
import { executionArnOf, resumeStep, roundExecutionName, startLifecycle } from '../workflow/sfn.ts';

/** The most handling rounds one complaint goes through. */
export const MAX_ROUNDS = 10;

/**
 * A manager reopens a closed complaint into a new handling round (a low satisfaction score, or a
 * problem that came back): the closed round is kept as history, new deadlines run from now under
 * today's rules, and a new lifecycle execution waits for the quality manager's new plan. The CAPA
 * carries over and may be extended. Refused while the closed round's follow-up is still waiting
 * for the customer (its execution is still running): reopen once it is answered or given up.
 * The same request again (a retry) answers the same and makes sure the round's execution runs.
 */
export async function reopenComplaint(complaintId: string, input: Reopening, actor: Person, stateMachineArn: string, now = new Date()) {
  const before = await getComplaint(complaintId);
  const round = roundOf(before) + 1;
  const last = before.rounds?.at(-1);
  if (before.status !== 'CLOSED') {
    if (before.status === 'AWAITING_PLAN' && last && last.reopenedBy === actor.personId && last.reason === input.reason) {
      // A retry of the reopen that made this round: start its execution (idempotent by name).
      await startLifecycle(stateMachineArn, complaintId, { round: roundOf(before), planTimeoutSeconds: timerSeconds(before.planDueAt!, now) });
      return { complaintId, round: roundOf(before), status: before.status };
    }
    throw conflict(`complaint ${complaintId} is ${before.status}; only a closed complaint is reopened`);
  }
  // The closed round's execution must be over: it ends when the follow-up is answered through the
  // request or given up; one answered by a call before the request went out sleeps until its due time.
  // (No follow-up yet: the execution is between the close and scheduling it — seconds.)
  const followUp = before.followUp;
  if (!followUp || OPEN_FOLLOW_UP.includes(followUp.status) || (followUp.status === 'ANSWERED' && !followUp.sentAt)) {
    const state = followUp ? `${followUp.status}${followUp.sentAt ? '' : `, due ${followUp.dueAt}`}` : 'not scheduled yet';
    throw conflict(`the follow-up of complaint ${complaintId} is not over (${state}); reopen it once the customer answered the request or it was given up`);
  }
  // Each round is kept on the complaint's item (DynamoDB's limit is 400 KB): a complaint that
  // needs more rounds than this needs a new complaint.
  if (round > MAX_ROUNDS) throw conflict(`complaint ${complaintId} was handled ${MAX_ROUNDS} times; record a new complaint instead`);
  const { rules } = await getRules();
  const { planDueAt, resolutionDueAt } = complaintDeadlines(rules, before.category, before.urgency, now);
  const archived: ArchivedRound = {
    round: roundOf(before), plan: before.plan, response: before.response, followUp: before.followUp,
    planDueAt: before.planDueAt, resolutionDueAt: before.resolutionDueAt, planOverdueAt: before.planOverdueAt,
    respondedAt: before.respondedAt, closedAt: before.closedAt, reopenedAt: now.toISOString(), reopenedBy: actor.personId, reason: input.reason,
  };
  // The closed round's execution may still wait at its follow-up step if the answer's resume died:
  // resume it with the recorded answer first, so it ends and never acts on the new round.
  await resumeStep(before.stepTokens?.FOLLOW_UP, followUpOutcome(followUp));
  const executionId = executionArnOf(stateMachineArn, roundExecutionName(complaintId, round));
  const reopened = await reopenRound(complaintId, round, JSON.parse(JSON.stringify(archived)) as ArchivedRound, { planDueAt, resolutionDueAt, executionId }, {
    at: now.toISOString(), type: 'REOPENED', actor: actor.personId,
    detail: { round, reason: input.reason, planDueAt, resolutionDueAt, ...(before.hold ? { endedHold: before.hold } : {}) },
  });
  if (!reopened) throw conflict(`complaint ${complaintId} changed meanwhile; reload it`);
  await startLifecycle(stateMachineArn, complaintId, { round, planTimeoutSeconds: timerSeconds(planDueAt, now) });
  return { complaintId, round, status: 'AWAITING_PLAN' as const };
}
