import type { Checkpoint } from '../domain/rules.ts';
import type { MessageEvent } from '../domain/messages.ts';
import { timerSeconds } from '../domain/sla.ts';
import { getComplaint, getTask, updateTask } from '../store/complaints.ts';
import { getPeople, peopleWithRoles } from '../store/master-data.ts';
import { notifyPeople } from '../notifications/notify-people.ts';

/** What a checkpoint is called on the timeline and in messages. */
function eventOf(c: Checkpoint): { timeline: string; message: MessageEvent } {
  if (c.kind === 'REMINDER') return { timeline: 'TASK_REMINDER', message: 'TASK_REMINDER' };
  return c.level === 1 ? { timeline: 'SLA_ALERT', message: 'TASK_OVERDUE' } : { timeline: 'ESCALATION', message: 'ESCALATION' };
}

/**
 * A task's timer rang. Fire every checkpoint that is due and has not fired — each exactly once,
 * claimed with a conditional write — unless the task is done or the complaint closed, and say
 * how long to sleep until the next one (null: no more; the task waits without a timer).
 */
export async function runTaskCheckpoints(complaintId: string, taskId: string, senderEmail: string, now = new Date()) {
  const [complaint, task] = await Promise.all([getComplaint(complaintId), getTask(complaintId, taskId)]);
  const quiet = task.status === 'DONE' || complaint.status === 'CLOSED';
  const checkpoints = task.checkpoints ?? [];
  if (!quiet) {
    for (const [index, checkpoint] of checkpoints.entries()) {
      if (Date.parse(checkpoint.at) > now.getTime()) break;
      const claimed = await claimCheckpoint(complaintId, taskId, index, checkpoint, now);
      // A claim that exists already is a retry: the sends below are deduplicated, so finish them.
      if (claimed === 'TASK_DONE') break;
      const event = eventOf(checkpoint);
      const assignee = await getPeople([task.assigneeId]);
      const escalated = checkpoint.roles.length ? await peopleWithRoles(checkpoint.roles) : [];
      const people = [...assignee, ...escalated].filter((p, i, all) => all.findIndex((q) => q.personId === p.personId) === i);
      await notifyPeople(people, { complaint, event: event.message, dedupeSuffix: `${taskId}#${checkpoint.kind}${checkpoint.level}`, task, level: checkpoint.level, senderEmail });
    }
  }
  const next = quiet ? undefined : checkpoints.find((c) => Date.parse(c.at) > now.getTime());
  return { complaintId, taskId, timeoutSeconds: next ? timerSeconds(next.at, now) : null };
}

/** Claim a checkpoint for firing: once per task and checkpoint, and only while the task is open. */
async function claimCheckpoint(complaintId: string, taskId: string, index: number, checkpoint: Checkpoint, now: Date): Promise<'CLAIMED' | 'ALREADY' | 'TASK_DONE'> {
  const claimed = await updateTask(
    complaintId, taskId,
    { append: { firedCheckpoints: [index] }, condition: '#status = :open AND NOT contains(firedCheckpoints, :index)', conditionValues: { ':open': 'OPEN', ':index': index } },
    {
      at: now.toISOString(), type: eventOf(checkpoint).timeline, actor: 'system',
      detail: { taskId, kind: checkpoint.kind, level: checkpoint.level, dueAt: checkpoint.at, roles: checkpoint.roles },
    },
  );
  if (claimed) return 'CLAIMED';
  return (await getTask(complaintId, taskId)).status === 'DONE' ? 'TASK_DONE' : 'ALREADY';
}
