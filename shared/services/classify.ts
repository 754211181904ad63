import { resumeStep } from '../workflow/sfn.ts';
import type { ClassificationChange } from '../api/contract.ts';
import { complaintDeadlines, routingFor } from '../domain/rules.ts';
import { recipientsFor, type Recipient } from '../domain/routing.ts';
import { timerSeconds } from '../domain/sla.ts';
import { conflict, notFound } from '../domain/errors.ts';
import { advanceComplaint, getComplaint, linkExecution, reviseComplaint } from '../store/complaints.ts';
import { getPeople, peopleWithRoles } from '../store/master-data.ts';
import { getRules } from '../store/rules.ts';
import { notifyPeople, notifyPerson } from '../notifications/notify-people.ts';
import type { Person } from '../domain/model.ts';

/** Link the complaint to its execution (once), so operators can go from one to the other. */
export async function recordIntake(complaintId: string, executionId: string) {
  await linkExecution(complaintId, executionId);
  return { complaintId, executionId };
}

/**
 * Urgency and category were given at intake; classification applies the company rules: the SLA
 * policy and its deadlines (in the business calendar), who is told at once, and the watchers.
 * The policy and calendar are kept with the complaint, so later rule changes do not move its
 * deadlines. Returns one notification per person × channel for the state machine to fan out.
 */
export async function classify(complaintId: string, now = new Date()): Promise<{ slaPolicy: string; planTimeoutSeconds: number; notifications: Recipient[] }> {
  const complaint = await getComplaint(complaintId);
  const { rules } = await getRules();
  const rule = routingFor(rules, complaint.category, complaint.urgency);
  const deadlines = complaintDeadlines(rules, complaint.category, complaint.urgency, new Date(complaint.receivedAt));
  await advanceComplaint(complaintId, {
    to: 'CLASSIFIED', actor: 'system', at: now.toISOString(),
    set: { ...deadlines, sla: { policy: rule.policy, calendar: rules.calendar }, watchers: rule.watchers },
    eventDetail: { ...deadlines, urgency: complaint.urgency, category: complaint.category, notify: rule.notify },
  });
  const people = await peopleWithRoles(rule.notify);
  // AwaitPlan's timer: the quality manager is chased when the handling plan is late.
  return { slaPolicy: deadlines.slaPolicy, planTimeoutSeconds: timerSeconds(deadlines.planDueAt, now), notifications: recipientsFor(people) };
}

/** One fan-out iteration: tell one routed person on one channel that the complaint exists. */
export async function notifyComplaintCreated(complaintId: string, recipient: Recipient, senderEmail: string) {
  const [complaint, [person]] = await Promise.all([getComplaint(complaintId), getPeople([recipient.personId])]);
  if (!person) throw notFound('person', recipient.personId);
  const outcome = await notifyPerson({ complaint, person, channel: recipient.channel, event: 'COMPLAINT_CREATED', senderEmail });
  return { ...recipient, outcome };
}

/**
 * A manager corrects the agent's urgency or category. Deadlines are recomputed from the time
 * the complaint was received under the current rules; before, after and the reason are recorded,
 * and people the new routing adds are told. Tasks already planned keep their checkpoints.
 */
export async function changeClassification(complaintId: string, change: ClassificationChange, actor: Person, senderEmail: string, now = new Date()) {
  const before = await getComplaint(complaintId);
  if (before.status === 'CLOSED') throw conflict(`complaint ${complaintId} is closed`);
  if (before.urgency === change.urgency && before.category === change.category) return before; // nothing to change
  const { rules } = await getRules();
  const rule = routingFor(rules, change.category, change.urgency);
  const deadlines = complaintDeadlines(rules, change.category, change.urgency, new Date(before.receivedAt));
  const changed = await reviseComplaint(
    complaintId,
    { urgency: change.urgency, category: change.category, ...deadlines, sla: { policy: rule.policy, calendar: rules.calendar } },
    { expression: '#status <> :closed', names: { '#status': 'status' }, values: { ':closed': 'CLOSED' } },
    {
      at: now.toISOString(), type: 'CLASSIFICATION_CHANGED', actor: actor.personId,
      detail: { reason: change.reason, before: { urgency: before.urgency, category: before.category, resolutionDueAt: before.resolutionDueAt },
        after: { urgency: change.urgency, category: change.category, resolutionDueAt: deadlines.resolutionDueAt } },
    },
  );
  if (!changed) throw conflict(`complaint ${complaintId} closed meanwhile`);
  const after = await getComplaint(complaintId);
  // Roles the new classification routes to that the old one did not hear of it now, once.
  const previous = new Set(routingFor(rules, before.category, before.urgency).notify);
  const newcomers = await peopleWithRoles(rule.notify.filter((role) => !previous.has(role)));
  await notifyPeople(newcomers, { complaint: after, event: 'COMPLAINT_RECLASSIFIED', dedupeSuffix: `${change.category}#${change.urgency}`, senderEmail });
  // A response waiting for a CAPA the new category may not require: the workflow looks again.
  if (after.status === 'AWAITING_CAPA') await resumeStep(after.stepTokens?.CAPA, {});
  return after;
}
