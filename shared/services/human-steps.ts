import type { ComplaintTask, HumanStep } from '../domain/model.ts';
import { timerSeconds } from '../domain/sla.ts';
import { advanceComplaint, getComplaint, getTask, listTasks, parkStep } from '../store/complaints.ts';
import { getPeople } from '../store/master-data.ts';
import { notifyPeople } from '../notifications/notify-people.ts';
import { salesConfirmationLink, type ActionLinkConfig } from './action-links.ts';
import { resumeStep } from '../workflow/sfn.ts';
import { OPEN_FOLLOW_UP, followUpOutcome } from '../domain/follow-up.ts';

/**
 * What AwaitPlan hands to the task fan-out: each task with the seconds until its next checkpoint
 * (reminder or escalation) that has not fired, or null when nothing is left to chase.
 */
export function planOutput(tasks: readonly Pick<ComplaintTask, 'taskId' | 'status' | 'checkpoints' | 'firedCheckpoints'>[], now: Date) {
  return {
    tasks: tasks.map((t) => {
      const next = t.status === 'DONE' ? undefined : (t.checkpoints ?? []).find((_, i) => !(t.firedCheckpoints ?? []).includes(i));
      return { taskId: t.taskId, timeoutSeconds: next ? timerSeconds(next.at, now) : null };
    }),
  };
}

export interface ParkRequest {
  taskToken: string;
  complaintId: string;
  step: HumanStep;
  taskId?: string;
}

/**
 * Park the execution at a human step: store its task token where the API call that completes
 * the step will find it. If the outcome is already recorded (the person was faster than the
 * workflow, or the execution is being replayed after a restart) resume at once instead — the
 * conditional write makes exactly one of the two sides send the token.
 */
export async function parkHumanStep(req: ParkRequest, senderEmail: string, links: ActionLinkConfig, now = new Date()): Promise<{ parked: boolean }> {
  const { complaintId, taskToken } = req;
  switch (req.step) {
    case 'PLAN': {
      await advanceComplaint(complaintId, { to: 'AWAITING_PLAN', actor: 'system', at: now.toISOString() });
      const parked = await parkStep({ complaintId }, 'PLAN', taskToken, { expression: 'attribute_not_exists(#plan)', names: { '#plan': 'plan' } });
      if (!parked) await resumeStep(taskToken, planOutput(await listTasks(complaintId), now));
      return { parked };
    }
    case 'TASK': {
      const parked = await parkStep({ complaintId, taskId: req.taskId }, 'TASK', taskToken, {
        expression: '#status = :open', names: { '#status': 'status' }, values: { ':open': 'OPEN' },
      });
      if (!parked) await resumeStep(taskToken, { taskId: req.taskId, status: (await getTask(complaintId, req.taskId!)).status });
      return { parked };
    }
    case 'SALES_CONFIRMATION': {
      const complaint = await getComplaint(complaintId);
      const revision = complaint.response?.revision ?? 0;
      const parked = await parkStep({ complaintId }, 'SALES_CONFIRMATION', taskToken, {
        expression: 'attribute_not_exists(#response.#decision) AND #response.#revision = :rev',
        names: { '#response': 'response', '#decision': 'decision', '#revision': 'revision' },
        values: { ':rev': revision },
      });
      if (!parked) {
        const decided = await getComplaint(complaintId);
        await resumeStep(taskToken, { decision: decided.response?.decision, revision: decided.response?.revision });
        return { parked };
      }
      // The salesperson of the order is asked; the response cannot leave before they answer. The
      // message carries a signed link, so they can decide from their phone without signing in.
      const people = await getPeople([complaint.salespersonId]);
      const link = await salesConfirmationLink(links, complaint, now);
      await notifyPeople(people, { complaint, event: 'AWAITING_SALES_CONFIRMATION', dedupeSuffix: `rev${revision}`, senderEmail, actionLink: () => link });
      return { parked };
    }
    case 'RESPONSE_REVISION': {
      const parked = await parkStep({ complaintId }, 'RESPONSE_REVISION', taskToken, {
        expression: '#response.#decision = :rejected',
        names: { '#response': 'response', '#decision': 'decision' },
        values: { ':rejected': 'REJECTED' },
      });
      if (!parked) await resumeStep(taskToken, {});
      return { parked };
    }
    case 'FOLLOW_UP': {
      // Waits while the customer's answer is outstanding; an answer that came first resumes at once.
      const values: Record<string, unknown> = {};
      OPEN_FOLLOW_UP.forEach((s, i) => { values[`:open${i}`] = s; });
      const parked = await parkStep({ complaintId }, 'FOLLOW_UP', taskToken, {
        expression: `#fu.#status IN (${OPEN_FOLLOW_UP.map((_, i) => `:open${i}`).join(', ')})`,
        names: { '#fu': 'followUp', '#status': 'status' }, values,
      });
      if (!parked) await resumeStep(taskToken, followUpOutcome((await getComplaint(complaintId)).followUp));
      return { parked };
    }
  }
}
