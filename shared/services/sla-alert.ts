import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { key } from '../table-keys.ts';
import { db, isConditionFailure } from '../store/db.ts';
import { eventPut, getComplaint, getTask, tableName } from '../store/complaints.ts';
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
  try {
    await db.send(new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName,
            Key: key.task(complaintId, taskId),
            UpdateExpression: 'SET alertedAt = :now',
            ConditionExpression: '#status = :open AND attribute_not_exists(alertedAt)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':open': 'OPEN', ':now': now.toISOString() },
          },
        },
        eventPut(complaintId, { at: now.toISOString(), type: 'SLA_ALERT', actor: 'system', detail: { taskId, title: task.title, dueAt: task.dueAt } }),
      ],
    }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await getTask(complaintId, taskId);
    // Completed meanwhile: stay quiet. Alerted before (a retry): finish any sends still missing.
    if (current.status === 'DONE' || !current.alertedAt) return { alerted: false, reason: 'no longer open' };
  }
  const people = [...await getPeople([task.assigneeId]), ...await peopleWithRoles(['QUALITY_MANAGER'])]
    .filter((p, i, all) => all.findIndex((q) => q.personId === p.personId) === i);
  await notifyPeople(people, { complaint, event: 'SLA_ALERT', dedupeSuffix: taskId, task, senderEmail });
  return { alerted: true };
}
