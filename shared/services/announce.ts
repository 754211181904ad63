import { getComplaint, getComplaintRecord, getTask, reviseComplaint, timelineEventsOfType } from '../store/complaints.ts';
import { getPeople, peopleWithRoles } from '../store/master-data.ts';
import { notifyPeople } from '../notifications/notify-people.ts';
import { responseOwnerIds } from '../domain/response.ts';
import { roundOf, type Complaint } from '../domain/model.ts';

/** Messages said once per complaint are said once per round: a reopened complaint's round 2 is news. */
const roundSuffix = (c: Complaint) => (roundOf(c) > 1 ? `R${roundOf(c)}` : undefined);
import type { TimelineEvent } from '../store/complaints.ts';

export type Announcement =
  | { kind: 'PLAN' } | { kind: 'PLAN_OVERDUE' } | { kind: 'TASK_DONE'; taskId: string }
  | { kind: 'RESPONSE_REJECTED'; revision: number } | { kind: 'CAPA_REQUIRED' } | { kind: 'CLOSED' }
  | { kind: 'FOLLOW_UP_LOW_SCORE'; round: number };

/** The service agent who took the complaint and the service managers: told of progress. */
async function serviceDesk(complaint: Complaint) {
  const people = [...await getPeople([complaint.recordedBy]), ...await peopleWithRoles(['SERVICE_MANAGER'])];
  return people.filter((p, i, all) => all.findIndex((q) => q.personId === p.personId) === i);
}

/**
 * The quality managers who must rewrite a rejected response: its owners (responseOwnerIds) while
 * they are still active quality managers; when none is, every quality manager, so the rejection
 * does not go unheard.
 */
async function responseOwners(complaint: Complaint, timeline: readonly TimelineEvent[], revision: number) {
  const owners = (await getPeople(responseOwnerIds(complaint, timeline, revision)))
    .filter((p) => p.active !== false && p.roles.includes('QUALITY_MANAGER'));
  return owners.length ? owners : peopleWithRoles(['QUALITY_MANAGER']);
}

/**
 * Tell people about progress, once each (deliveries are deduplicated): the plan and its
 * deadlines to the watchers; a late plan to the quality and general managers; a finished task,
 * and the close, to the service desk; a response sales rejected to the quality managers who own it.
 */
export async function announce(complaintId: string, what: Announcement, senderEmail: string) {
  switch (what.kind) {
    case 'PLAN': {
      const { complaint, tasks } = await getComplaintRecord(complaintId);
      const watchers = await getPeople(complaint.watchers ?? []);
      const planned = tasks.filter((t) => (t.round ?? 1) === roundOf(complaint));
      await notifyPeople(watchers, { complaint, event: 'PLAN_SUBMITTED', dedupeSuffix: roundSuffix(complaint), tasks: planned, senderEmail });
      return { told: watchers.map((p) => p.personId) };
    }
    case 'PLAN_OVERDUE': {
      // Once, and only while the plan is still missing; a retry finishes the deduplicated sends.
      const complaint = await getComplaint(complaintId);
      if (complaint.plan || complaint.status === 'CLOSED') return { told: [] };
      await reviseComplaint(
        complaintId, { planOverdueAt: new Date().toISOString() },
        { expression: 'attribute_not_exists(#plan) AND attribute_not_exists(planOverdueAt)', names: { '#plan': 'plan' } },
        { at: new Date().toISOString(), type: 'PLAN_OVERDUE', actor: 'system', detail: { planDueAt: complaint.planDueAt } },
      );
      const people = await peopleWithRoles(['QUALITY_MANAGER', 'GENERAL_MANAGER']);
      await notifyPeople(people, { complaint, event: 'PLAN_OVERDUE', dedupeSuffix: roundSuffix(complaint), senderEmail });
      return { told: people.map((p) => p.personId) };
    }
    case 'TASK_DONE': {
      const [complaint, task] = await Promise.all([getComplaint(complaintId), getTask(complaintId, what.taskId)]);
      const people = await serviceDesk(complaint);
      await notifyPeople(people, { complaint, event: 'TASK_COMPLETED', dedupeSuffix: task.taskId, task, senderEmail });
      return { told: people.map((p) => p.personId) };
    }
    case 'RESPONSE_REJECTED': {
      // Read from the timeline, not from complaint.response: quality may already have written the
      // next revision by the time this step runs (or is retried).
      const [complaint, timeline] = await Promise.all([
        getComplaint(complaintId), timelineEventsOfType(complaintId, ['RESPONSE_REJECTED', 'RESPONSE_REVISED']),
      ]);
      const rejected = timeline.find((e) => e.type === 'RESPONSE_REJECTED' && e.detail?.revision === what.revision);
      if (!rejected) throw new Error(`no rejection of revision ${what.revision} is recorded on ${complaintId}`);
      const [people, [salesperson]] = await Promise.all([responseOwners(complaint, timeline, what.revision), getPeople([rejected.actor])]);
      await notifyPeople(people, {
        complaint, event: 'RESPONSE_REJECTED', dedupeSuffix: `rev${what.revision}`, senderEmail,
        rejection: { revision: what.revision, comment: rejected.detail?.comment as string | undefined, by: salesperson?.name ?? rejected.actor },
      });
      return { told: people.map((p) => p.personId) };
    }
    case 'CAPA_REQUIRED': {
      // The response cannot be drafted before the root cause and a preventive action are on
      // record: the plan's author and the investigation's assignees hear it once.
      const { complaint, tasks } = await getComplaintRecord(complaintId);
      if (complaint.status !== 'AWAITING_CAPA') return { told: [] };
      const investigators = tasks.filter((t) => t.investigation).map((t) => t.assigneeId);
      let people = (await getPeople([...new Set([complaint.plan?.submittedBy, ...investigators].filter((id): id is string => Boolean(id)))]))
        .filter((p) => p.active !== false);
      if (!people.some((p) => p.roles.includes('QUALITY_MANAGER'))) people = [...people, ...await peopleWithRoles(['QUALITY_MANAGER'])];
      await notifyPeople(people, { complaint, event: 'CAPA_REQUIRED', dedupeSuffix: roundSuffix(complaint), senderEmail });
      return { told: people.map((p) => p.personId) };
    }
    case 'CLOSED': {
      const complaint = await getComplaint(complaintId);
      const people = await serviceDesk(complaint);
      await notifyPeople(people, { complaint, event: 'COMPLAINT_CLOSED', dedupeSuffix: roundSuffix(complaint), senderEmail });
      return { told: people.map((p) => p.personId) };
    }
    case 'FOLLOW_UP_LOW_SCORE': {
      // The service managers, who may reopen the complaint; once per round (deduplicated sends).
      const complaint = await getComplaint(complaintId);
      const answered = timelineEventsOfType(complaintId, ['FOLLOW_UP_ANSWERED']);
      const answer = (await answered).find((e) => e.detail?.round === what.round);
      if (!answer || answer.detail?.lowScore !== true) return { told: [] };
      const people = await peopleWithRoles(['SERVICE_MANAGER']);
      await notifyPeople(people, {
        complaint, event: 'FOLLOW_UP_LOW_SCORE', dedupeSuffix: `r${what.round}`, senderEmail,
        satisfaction: { rating: answer.detail.rating as number, comment: answer.detail.comment as string | undefined, via: String(answer.detail.via) },
      });
      return { told: people.map((p) => p.personId) };
    }
  }
}
