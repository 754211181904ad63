import { slaDeadlines } from '../domain/sla.ts';
import { recipientsFor, routedRoles, type Recipient } from '../domain/routing.ts';
import { advanceComplaint, getComplaint, linkExecution } from '../store/complaints.ts';
import { getPeople, peopleWithRoles } from '../store/master-data.ts';
import { notifyPerson } from '../notifications/notify-people.ts';
import { notFound } from '../domain/errors.ts';

/** Link the complaint to its execution (once), so operators can go from one to the other. */
export async function recordIntake(complaintId: string, executionId: string) {
  await linkExecution(complaintId, executionId);
  return { complaintId, executionId };
}

/**
 * Urgency and category were given at intake; classification fixes the SLA deadlines and works
 * out who is told, as one notification per person × channel for the state machine to fan out.
 */
export async function classify(complaintId: string, now = new Date()): Promise<{ slaPolicy: string; notifications: Recipient[] }> {
  const complaint = await getComplaint(complaintId);
  const deadlines = slaDeadlines(complaint.urgency, new Date(complaint.receivedAt));
  await advanceComplaint(complaintId, {
    to: 'CLASSIFIED', actor: 'system', at: now.toISOString(),
    set: { slaPolicy: deadlines.slaPolicy, planDueAt: deadlines.planDueAt, resolutionDueAt: deadlines.resolutionDueAt },
    eventDetail: { ...deadlines, urgency: complaint.urgency, category: complaint.category },
  });
  const people = await peopleWithRoles(routedRoles[complaint.category]);
  return { slaPolicy: deadlines.slaPolicy, notifications: recipientsFor(people) };
}

/** One fan-out iteration: tell one routed person on one channel that the complaint exists. */
export async function notifyComplaintCreated(complaintId: string, recipient: Recipient, senderEmail: string) {
  const [complaint, [person]] = await Promise.all([getComplaint(complaintId), getPeople([recipient.personId])]);
  if (!person) throw notFound('person', recipient.personId);
  const outcome = await notifyPerson({ complaint, person, channel: recipient.channel, event: 'COMPLAINT_CREATED', senderEmail });
  return { ...recipient, outcome };
}
