import { conflict } from '../domain/errors.ts';
import { complaintStatusCheck, getComplaint, getTask, updateTask } from '../store/complaints.ts';
import { resumeStep } from '../workflow/sfn.ts';
import type { Person } from '../domain/model.ts';



/**
 * The assignee (or the quality manager) closes a task with notes. The task is marked DONE only
 * while it is open and the complaint is in progress; then its waiting iteration is resumed.
 * Repeating the same completion is answered with the recorded result.
 */
export async function completeTask(complaintId: string, taskId: string, notes: string, actor: Person, now = new Date()) {
  const task = await getTask(complaintId, taskId);
  const done = await updateTask(
    complaintId, taskId,
    { set: { status: 'DONE', notes, completedBy: actor.personId, completedAt: now.toISOString() }, condition: '#status = :open', conditionValues: { ':open': 'OPEN' } },
    { at: now.toISOString(), type: 'TASK_COMPLETED', actor: actor.personId, detail: { taskId, title: task.title, notes } },
    [complaintStatusCheck(complaintId, 'IN_PROGRESS')],
  );
  if (!done) {
    const current = await getTask(complaintId, taskId);
    if (current.status === 'DONE' && current.notes === notes && current.completedBy === actor.personId) {
      // The same completion again: the recorded task, and its wait resumed in case the first
      // request died between recording and resuming (a stale token is harmless).
      await resumeStep(current.stepToken, { taskId, status: 'DONE' });
      return current;
    }
    if (current.status === 'DONE') throw conflict(`task ${taskId} was completed already`);
    const complaint = await getComplaint(complaintId);
    throw conflict(`complaint ${complaintId} is ${complaint.status}; its tasks cannot change now`);
  }
  const completed = await getTask(complaintId, taskId);
  await resumeStep(completed.stepToken, { taskId, status: 'DONE' });
  return completed;
}
