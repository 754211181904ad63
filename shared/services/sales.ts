import type { SalesDecision } from '../api/contract.ts';
import { conflict, DomainError, notFound } from '../domain/errors.ts';
import { getCapa } from '../store/capa.ts';
import { advanceComplaint, getComplaint, getComplaintRecord, timelineEventsOfType } from '../store/complaints.ts';
import { getCustomer } from '../store/master-data.ts';
import { renderRevision } from './response-documents.ts';
import { linkUsePut } from '../store/action-links.ts';
import { resumeStep } from '../workflow/sfn.ts';
import { roundOf, type Person } from '../domain/model.ts';





/**
 * The salesperson of the order (or a sales manager) confirms or rejects the drafted response.
 * Nothing reaches the customer before a confirmation: SendResponse checks it again.
 */
export async function decideOnResponse(
  complaintId: string,
  input: SalesDecision,
  actor: Person,
  now = new Date(),
  /** A signed link's use key: recorded with the decision, so the link works once (action-links.ts). */
  linkUse?: string,
) {
  const before = await getComplaint(complaintId);
  const revision = input.revision ?? before.response?.revision;
  const decision = input.decision === 'CONFIRM' ? 'CONFIRMED' as const : 'REJECTED' as const;
  const recorded = before.response;
  if (!linkUse && recorded && recorded.revision === revision && recorded.decision === decision && recorded.decidedBy === actor.personId
    && (recorded.comment ?? undefined) === (input.comment ?? undefined)) {
    // The same request again (a client retrying after a timeout): the recorded answer, and the
    // workflow resumed in case the first request died between recording and resuming.
    await resumeStep(before.stepTokens?.SALES_CONFIRMATION, { decision, revision: recorded.revision });
    return { complaintId, decision, revision: recorded.revision };
  }
  if (!before.response || before.status !== 'AWAITING_SALES_CONFIRMATION') {
    throw conflict(`complaint ${complaintId} is ${before.status}; there is no response waiting for confirmation`);
  }
  if (revision !== before.response.revision) {
    throw conflict(`revision ${revision} is not the current one (${before.response.revision}); reload the response`);
  }
  if (input.decision === 'CONFIRM' && input.contentHash !== before.response.contentHash) {
    throw new DomainError('ContentChanged', 'this is not the content of the response waiting for confirmation; reload it and confirm what you read', 409, 'body.contentHash');
  }
  await advanceComplaint(complaintId, {
    to: decision === 'CONFIRMED' ? 'CONFIRMED' : 'REVISION_REQUESTED',
    actor: actor.personId, at: now.toISOString(), eventType: `RESPONSE_${decision}`,
    set: { 'response.decision': decision, 'response.decidedBy': actor.personId, 'response.decidedAt': now.toISOString(), 'response.comment': input.comment },
    condition: {
      expression: 'attribute_not_exists(#r.#d) AND #r.#v = :rev',
      names: { '#r': 'response', '#d': 'decision', '#v': 'revision' },
      values: { ':rev': revision },
    },
    eventDetail: {
      revision, comment: input.comment, ...(input.decision === 'CONFIRM' ? { contentHash: input.contentHash } : {}),
      ...(linkUse ? { via: 'SIGNED_LINK' } : {}),
    },
    extraItems: linkUse ? [linkUsePut(linkUse, { complaintId, usedBy: actor.personId, usedAt: now.toISOString() })] : undefined,
  });
  const after = await getComplaint(complaintId);
  await resumeStep(after.stepTokens?.SALES_CONFIRMATION, { decision, revision });
  return { complaintId, decision, revision };
}

/**
 * Resume the sales step with the decision recorded on this revision, if one is. For a link used
 * a second time: the first use may have recorded the decision and died before resuming the
 * workflow; the second is still refused (single use), but the workflow moves on. A stale token
 * (the workflow moved on already) is harmless.
 */
export async function resumeRecordedDecision(complaintId: string, revision: number): Promise<void> {
  const complaint = await getComplaint(complaintId);
  const response = complaint.response;
  if (response?.revision !== revision || !response.decision) return;
  await resumeStep(complaint.stepTokens?.SALES_CONFIRMATION, { decision: response.decision, revision });
}

/**
 * After a rejection, the quality manager rewrites the letter; the documents are made again in the
 * customer's format with the new text (and the CAPA as it stands), and go back to sales.
 */
export async function reviseResponse(complaintId: string, text: string, actor: Person, bucket: string, now = new Date()) {
  const [{ complaint: before, tasks }, { capa }] = await Promise.all([getComplaintRecord(complaintId), getCapa(complaintId)]);
  // Before sales decide, quality may still edit the draft; after a rejection they must.
  const beforeSales = before.status === 'AWAITING_SALES_CONFIRMATION' && !before.response?.decision;
  if ((before.status !== 'REVISION_REQUESTED' && !beforeSales) || !before.response) {
    throw conflict(`complaint ${complaintId} is ${before.status}; a response is revised while it waits for sales or after they reject it`);
  }
  // Only a revision before sales decide can be a retry (after a rejection the status has moved on).
  const last = beforeSales ? (await timelineEventsOfType(complaintId, ['RESPONSE_REVISED'])).at(-1) : undefined;
  if (beforeSales && last?.actor === actor.personId && last.detail?.revision === before.response.revision && before.response.text === text) {
    // The same revision again (a client retrying after a timeout): the one made, and sales asked
    // about it (again, in case the first request died before that).
    await resumeStep(before.stepTokens?.SALES_CONFIRMATION, { decision: 'REVISED', revision: before.response.revision });
    return { complaintId, revision: before.response.revision };
  }
  const customer = await getCustomer(before.customerCode);
  if (!customer) throw notFound('customer', before.customerCode);
  const revision = before.response.revision + 1;
  const roundTasks = tasks.filter((t) => (t.round ?? 1) === roundOf(before));
  const response = await renderRevision(bucket, { complaint: before, tasks: roundTasks, capa, customer, revision, letterText: text }, now);
  await advanceComplaint(complaintId, {
    to: 'AWAITING_SALES_CONFIRMATION', actor: actor.personId, at: now.toISOString(), eventType: 'RESPONSE_REVISED',
    set: { response },
    condition: beforeSales
      ? { expression: 'attribute_not_exists(#r.#d) AND #r.#v = :rev', names: { '#r': 'response', '#d': 'decision', '#v': 'revision' }, values: { ':rev': before.response.revision } }
      : {
        expression: '#r.#d = :rejected AND #r.#v = :rev',
        names: { '#r': 'response', '#d': 'decision', '#v': 'revision' },
        values: { ':rejected': 'REJECTED', ':rev': before.response.revision },
      },
    eventDetail: { revision, previous: before.response, ...(beforeSales ? { beforeSales: true } : {}) },
  });
  const after = await getComplaint(complaintId);
  // Before sales decided, the waiting sales step is told of the new revision: it asks sales again
  // (with a new link; the old one names a revision that no longer waits).
  if (beforeSales) await resumeStep(after.stepTokens?.SALES_CONFIRMATION, { decision: 'REVISED', revision });
  else await resumeStep(after.stepTokens?.RESPONSE_REVISION, { revision });
  return { complaintId, revision };
}
