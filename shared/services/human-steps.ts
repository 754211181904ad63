import { roundOf, type Complaint, type ComplaintTask, type HumanStep } from '../domain/model.ts';
import { HOLD_CHANGED, nextTaskTimer } from '../domain/holds.ts';
import { missingForResponse } from '../domain/capa.ts';
import type { CompanyPolicy } from '../domain/company-policy.ts';
import { getCapa } from '../store/capa.ts';
import { advanceComplaint, getComplaint, getTask, listTasks, parkStep } from '../store/complaints.ts';
import { getPeople } from '../store/master-data.ts';
import { notifyPeople } from '../notifications/notify-people.ts';
import { salesConfirmationLink, type ActionLinkConfig } from './action-links.ts';
import { resumeStep } from '../workflow/sfn.ts';
import { OPEN_FOLLOW_UP, followUpOutcome } from '../domain/follow-up.ts';

/**
 * What AwaitPlan hands to the task fan-out: each task with the seconds until its execution
 * should look at it again (its next checkpoint that has not fired, a held task's chase), or null
 * when nothing is left to chase, and the hold version that look is based on.
 */
export function planOutput(tasks: readonly Pick<ComplaintTask, 'taskId' | 'status' | 'checkpoints' | 'firedCheckpoints' | 'hold' | 'holdVersion' | 'round'>[], complaint: Pick<Complaint, 'status' | 'hold' | 'round'>, now: Date) {
  // Only the current round's tasks: a reopened complaint keeps the earlier rounds' as history.
  return {
    tasks: tasks.filter((t) => (t.round ?? 1) === roundOf(complaint)).map((t) => ({ taskId: t.taskId, timeoutSeconds: nextTaskTimer(t, complaint, now), holdVersion: t.holdVersion ?? 0 })),
  };
}

export interface ParkRequest {
  taskToken: string;
  complaintId: string;
  step: HumanStep;
  taskId?: string;
  /** TASK: the hold version the timer was set on (runTaskCheckpoints, planOutput). */
  holdVersion?: number;
}

/**
 * Park the execution at a human step: store its task token where the API call that completes
 * the step will find it. If the outcome is already recorded (the person was faster than the
 * workflow, or the execution is being replayed after a restart) resume at once instead — the
 * conditional write makes exactly one of the two sides send the token.
 */
export async function parkHumanStep(
  req: ParkRequest, senderEmail: string, links: ActionLinkConfig, policy: Pick<CompanyPolicy, 'capaRequiredFor'>, now = new Date(),
): Promise<{ parked: boolean }> {
  const { complaintId, taskToken } = req;
  switch (req.step) {
    case 'PLAN': {
      await advanceComplaint(complaintId, { to: 'AWAITING_PLAN', actor: 'system', at: now.toISOString() });
      const parked = await parkStep({ complaintId }, 'PLAN', taskToken, { expression: 'attribute_not_exists(#plan)', names: { '#plan': 'plan' } });
      if (!parked) await resumeStep(taskToken, planOutput(await listTasks(complaintId), await getComplaint(complaintId), now));
      return { parked };
    }
    case 'TASK': {
      // Parked only on the hold version its timer was set on: a hold placed or released since
      // then (whose wake-up found no token to send to) makes the step look again instead.
      const version = req.holdVersion ?? 0;
      const parked = await parkStep({ complaintId, taskId: req.taskId }, 'TASK', taskToken, {
        expression: `#status = :open AND ${version === 0 ? 'attribute_not_exists(holdVersion)' : 'holdVersion = :holdVersion'}`,
        names: { '#status': 'status' }, values: { ':open': 'OPEN', ...(version === 0 ? {} : { ':holdVersion': version }) },
      });
      if (parked) return { parked };
      const task = await getTask(complaintId, req.taskId!);
      if (task.status === 'OPEN') throw Object.assign(new Error(`task ${req.taskId}'s hold changed while its timer was set`), { name: HOLD_CHANGED });
      await resumeStep(taskToken, { taskId: req.taskId, status: task.status });
      return { parked };
    }
    case 'CAPA': {
      // Resumed by SaveCapa (or a reclassification) while the complaint is AWAITING_CAPA; the
      // workflow then drafts again, or comes back here if something is still missing.
      const parked = await parkStep({ complaintId }, 'CAPA', taskToken, {
        expression: '#status = :waiting', names: { '#status': 'status' }, values: { ':waiting': 'AWAITING_CAPA' },
      });
      if (!parked) {
        await resumeStep(taskToken, {});
        return { parked };
      }
      // A CAPA saved after PrepareResponse looked and before this token was stored found no
      // token to resume: look again. (If both sides resume, the second finds the token stale.)
      const [complaint, { capa }] = await Promise.all([getComplaint(complaintId), getCapa(complaintId)]);
      if (missingForResponse(capa, complaint.category, policy.capaRequiredFor).length === 0) await resumeStep(taskToken, {});
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
        // Decided meanwhile — or revised meanwhile (no decision on a newer revision): the workflow
        // then loops and parks again for the new revision.
        const decided = await getComplaint(complaintId);
        await resumeStep(taskToken, { decision: decided.response?.decision ?? 'REVISED', revision: decided.response?.revision });
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
