import type { HandlingPlan } from '../api/contract.ts';
import { roundOf, type Complaint, type ComplaintTask, type Person } from '../domain/model.ts';
import { routingFor, taskCheckpoints } from '../domain/rules.ts';
import { getRules } from '../store/rules.ts';

/** A complaint classified before SLA snapshots existed: today's rules for its category. */
async function currentSla(complaint: Complaint) {
  const { rules } = await getRules();
  return { policy: routingFor(rules, complaint.category, complaint.urgency).policy, calendar: rules.calendar };
}
import { conflict, invalidField } from '../domain/errors.ts';
import { key } from '../table-keys.ts';
import { advanceComplaint, getComplaint, listTasks, tableName } from '../store/complaints.ts';
import { getPeople } from '../store/master-data.ts';
import { resumeStep } from '../workflow/sfn.ts';
import { planOutput } from './human-steps.ts';
import { grantFor } from '../api/access.ts';



/** How far after intake a task may be due (README: Deadlines). */
export const MAX_DEADLINE_DAYS = 300;

/**
 * The quality manager splits the handling plan into tasks with assignees and deadlines. Plan and
 * tasks are written in one transaction; then the waiting execution is resumed with the tasks.
 */
export async function submitPlan(complaintId: string, plan: HandlingPlan, manager: Person, now = new Date()) {
  plan.tasks.forEach((t, i) => {
    if (Date.parse(t.dueAt) <= now.getTime()) throw invalidField(`body.tasks.${i}.dueAt`, 'the deadline must be in the future');
  });
  const assignees = await getPeople(plan.tasks.map((t) => t.assigneeId));
  plan.tasks.forEach((t, i) => {
    // Whoever holds a task must be able to complete it (the access matrix): a task assignee, or a quality manager.
    const assignee = assignees.find((p) => p.personId === t.assigneeId && p.active !== false);
    if (!assignee) throw invalidField(`body.tasks.${i}.assigneeId`, `no active person ${t.assigneeId}`);
    if (!grantFor('CompleteTask', assignee.roles)) throw invalidField(`body.tasks.${i}.assigneeId`, `${t.assigneeId} cannot complete tasks (needs the task-assignee or quality-manager role)`);
  });

  // Reminders and escalations are fixed now, under the policy the complaint was classified with.
  const complaint = await getComplaint(complaintId);
  if (complaint.plan) throw conflict(`complaint ${complaintId} has a plan already`);
  // A Standard execution lives at most a year from intake; deadlines (and the escalations after
  // them) must fall well inside it.
  const latest = Date.parse(complaint.receivedAt) + MAX_DEADLINE_DAYS * 86_400_000;
  plan.tasks.forEach((t, i) => {
    if (Date.parse(t.dueAt) > latest) throw invalidField(`body.tasks.${i}.dueAt`, `at most ${MAX_DEADLINE_DAYS} days after the complaint was received`);
  });
  const sla = complaint.sla ?? await currentSla(complaint);
  // A reopened complaint's new round numbers its tasks on from the earlier rounds' (kept as history).
  const round = roundOf(complaint);
  const earlier = round > 1 ? (await listTasks(complaintId)).length : 0;
  const tasks: ComplaintTask[] = plan.tasks.map((t, i) => ({
    complaintId, taskId: `T${earlier + i + 1}`, title: t.title, assigneeId: t.assigneeId, ...(round > 1 ? { round } : {}),
    dueAt: new Date(t.dueAt).toISOString(), status: 'OPEN', ...(t.investigation ? { investigation: true } : {}),
    checkpoints: taskCheckpoints(sla.policy, sla.calendar, now, new Date(t.dueAt)),
    firedCheckpoints: [],
  }));
  // The condition settles a race with a second submission (a Conflict from advanceComplaint).
  await advanceComplaint(complaintId, {
    to: 'IN_PROGRESS', actor: manager.personId, at: now.toISOString(), eventType: 'PLAN_SUBMITTED',
    set: { plan: { submittedBy: manager.personId, submittedAt: now.toISOString(), summary: plan.summary } },
    condition: { expression: 'attribute_not_exists(#plan)', names: { '#plan': 'plan' }, values: {} },
    extraItems: tasks.map((task) => ({
      Put: {
        TableName: tableName,
        Item: { ...key.task(complaintId, task.taskId), entity: 'Task', ...task },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    })),
    eventDetail: { summary: plan.summary, tasks: tasks.map(({ taskId, title, assigneeId, dueAt }) => ({ taskId, title, assigneeId, dueAt })) },
  });
  // Read after the commit: a token parked before it is seen here; one parked after it sees the plan.
  const planned = await getComplaint(complaintId);
  await resumeStep(planned.stepTokens?.PLAN, planOutput(tasks, planned, now));
  return { complaintId, tasks };
}
