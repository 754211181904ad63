import type { Checkpoint } from '../domain/rules.ts';
import type { MessageEvent } from '../domain/messages.ts';
import { nextTaskTimer } from '../domain/holds.ts';
import { getComplaint, getTask, updateTask } from '../store/complaints.ts';
import { getPeople, peopleWithRoles } from '../store/master-data.ts';
import { notifyPeople } from '../notifications/notify-people.ts';
import { chaseHolds } from './holds.ts';

/** What a checkpoint is called on the timeline and in messages. */
function eventOf(c: Checkpoint): { timeline: string; message: MessageEvent } {
  if (c.kind === 'REMINDER') return { timeline: 'TASK_REMINDER', message: 'TASK_REMINDER' };
  return c.level === 1 ? { timeline: 'SLA_ALERT', message: 'TASK_OVERDUE' } : { timeline: 'ESCALATION', message: 'ESCALATION' };
}

/**
 * A task's timer rang (or a hold placed or released woke it). Fire every checkpoint that is due
 * and has not fired — each exactly once, claimed with a conditional write — unless the task is
 * done, the complaint closed, or the task's clock paused by a hold (then only a hold past its
 * limit is chased), and say how long to sleep until the next look (null: no more; the task waits
 * without a timer). The hold version read here goes with the step that parks next, so a hold
 * change made in between makes it look again.
 */
export async function runTaskCheckpoints(complaintId: string, taskId: string, senderEmail: string, now = new Date()) {
  const [complaint, task] = await Promise.all([getComplaint(complaintId), getTask(complaintId, taskId)]);
  const quiet = task.status === 'DONE' || complaint.status === 'CLOSED';
  const paused = Boolean(task.hold || complaint.hold);
  const checkpoints = task.checkpoints ?? [];
  const fired = [...(task.firedCheckpoints ?? [])];
  if (!quiet && paused) await chaseHolds(complaint, task, senderEmail, now);
  if (!quiet && !paused) {
    for (const [index, checkpoint] of checkpoints.entries()) {
      if (Date.parse(checkpoint.at) > now.getTime()) break;
      const claimed = await claimCheckpoint(complaintId, taskId, task.holdVersion ?? 0, index, checkpoint, now);
      // A claim that exists already is a retry: the sends below are deduplicated, so finish them.
      // A hold changed meanwhile: stop here; the step that parks next sees it and looks again.
      if (claimed === 'TASK_DONE' || claimed === 'HOLD_CHANGED') break;
      if (!fired.includes(index)) fired.push(index);
      const event = eventOf(checkpoint);
      const assignee = await getPeople([task.assigneeId]);
      const escalated = checkpoint.roles.length ? await peopleWithRoles(checkpoint.roles) : [];
      const people = [...assignee, ...escalated].filter((p, i, all) => all.findIndex((q) => q.personId === p.personId) === i);
      await notifyPeople(people, { complaint, event: event.message, dedupeSuffix: `${taskId}#${checkpoint.kind}${checkpoint.level}`, task, level: checkpoint.level, senderEmail });
    }
  }
  // A chase just sent is marked on the hold: read it again so the timer moves past it.
  const [current, currentTask] = paused && !quiet ? await Promise.all([getComplaint(complaintId), getTask(complaintId, taskId)]) : [complaint, task];
  const timeoutSeconds = nextTaskTimer({ ...currentTask, firedCheckpoints: paused ? currentTask.firedCheckpoints : fired }, current, now);
  return { complaintId, taskId, timeoutSeconds, holdVersion: task.holdVersion ?? 0 };
}

/**
 * Claim a checkpoint for firing: once per task and checkpoint, only while the task is open, and
 * only if no hold changed since the task was read (a hold placed meanwhile pauses it).
 */
async function claimCheckpoint(complaintId: string, taskId: string, holdVersion: number, index: number, checkpoint: Checkpoint, now: Date): Promise<'CLAIMED' | 'ALREADY' | 'TASK_DONE' | 'HOLD_CHANGED'> {
  const sameHolds = holdVersion === 0 ? 'attribute_not_exists(holdVersion)' : 'holdVersion = :holdVersion';
  const claimed = await updateTask(
    complaintId, taskId,
    {
      append: { firedCheckpoints: [index] },
      condition: `#status = :open AND NOT contains(firedCheckpoints, :index) AND ${sameHolds}`,
      conditionValues: { ':open': 'OPEN', ':index': index, ...(holdVersion === 0 ? {} : { ':holdVersion': holdVersion }) },
    },
    {
      at: now.toISOString(), type: eventOf(checkpoint).timeline, actor: 'system',
      detail: { taskId, kind: checkpoint.kind, level: checkpoint.level, dueAt: checkpoint.at, roles: checkpoint.roles },
    },
  );
  if (claimed) return 'CLAIMED';
  const task = await getTask(complaintId, taskId);
  if (task.status === 'DONE') return 'TASK_DONE';
  return (task.firedCheckpoints ?? []).includes(index) ? 'ALREADY' : 'HOLD_CHANGED';
}
