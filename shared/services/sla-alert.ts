import { getComplaint, getTask, updateTask } from '../store/complaints.ts';
import { getPeople, peopleWithRoles } from '../store/master-data.ts';
import { notifyPeople } from '../notifications/notify-people.ts';

/**
 * A task's SLA timer ran out. Alert the assignee and the quality managers — unless the task is
 * done or the complaint closed by now. The alert is recorded once (conditional write) and each
 * message is deduplicated, so a retried step alerts nobody twice.
 */
export async function raiseSlaAlert(complaintId: string, taskId: string, senderEmail: string, now = new Date()) {
  const [complaint, task] = await Promise.all([getComplaint(complaintId), getTask(complaintId, taskId)]);
  if (task.status === 'DONE' || complaint.status === 'CLOSED') return { alerted: false, reason: 'no longer open' };
  const recorded = await updateTask(
    complaintId, taskId,
    { set: { alertedAt: now.toISOString() }, condition: '#status = :open AND attribute_not_exists(alertedAt)', conditionValues: { ':open': 'OPEN' } },
    { at: now.toISOString(), type: 'SLA_ALERT', actor: 'system', detail: { taskId, title: task.title, dueAt: task.dueAt } },
  );
  if (!recorded) {
    const current = await getTask(complaintId, taskId);
    // Completed meanwhile: stay quiet. Alerted before (a retry): finish any sends still missing.
    if (current.status === 'DONE' || !current.alertedAt) return { alerted: false, reason: 'no longer open' };
  }
  const people = [...await getPeople([task.assigneeId]), ...await peopleWithRoles(['QUALITY_MANAGER'])]
    .filter((p, i, all) => all.findIndex((q) => q.personId === p.personId) === i);
  await notifyPeople(people, { complaint, event: 'SLA_ALERT', dedupeSuffix: taskId, task, senderEmail });
  return { alerted: true };
}
