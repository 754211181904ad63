import { missingForResponse, type CapaRequirement } from '../domain/capa.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import { roundOf, type Category, type Complaint } from '../domain/model.ts';
import { responseRecipient } from '../domain/response.ts';
import { renderMessage } from '../domain/messages.ts';
import { renderRevision } from './response-documents.ts';
import { fedBackUpdate, getCapa } from '../store/capa.ts';
import { readResponseDocument } from '../store/response-documents.ts';
import { responseContentHash } from '../domain/response-revision.ts';
import { responseDocumentsLink, type ActionLinkConfig } from './action-links.ts';
import { advanceComplaint, getComplaint, getComplaintRecord, openCaseDeletes, pinResponseRecipient, reviseComplaint } from '../store/complaints.ts';
import { getCustomer } from '../store/master-data.ts';
import { deliverOnce } from '../notifications/deliver.ts';

/**
 * Draft the response from what the tasks and the CAPA recorded, once, in the customer's language;
 * a retry keeps the existing draft. When the company policy requires a root cause and a
 * preventive action for the complaint's category and the CAPA lacks them, nothing is drafted: the
 * complaint moves to AWAITING_CAPA naming what is missing, and the workflow waits for the CAPA
 * (the step is not failed — the complaint is fine, it is the investigation that is not done).
 */
export async function prepareResponse(complaintId: string, capaRequiredFor: readonly Category[], bucket: string, now = new Date()):
Promise<{ drafted: true; revision: number } | { drafted: false; missing: CapaRequirement[] }> {
  const [{ complaint, tasks }, { capa }] = await Promise.all([getComplaintRecord(complaintId), getCapa(complaintId)]);
  if (complaint.response) return { drafted: true, revision: complaint.response.revision };
  const missing = missingForResponse(capa, complaint.category, capaRequiredFor);
  if (missing.length) {
    await waitForCapa(complaint, missing, now);
    return { drafted: false, missing };
  }
  const customer = await getCustomer(complaint.customerCode);
  if (!customer) throw notFound('customer', complaint.customerCode);
  // Rendered before the write: a retry after a crash renders again (new objects, same names)
  // and only the revision that lands is ever shown to sales.
  // A reopened complaint's revisions number on from the earlier rounds' (each revision's messages
  // and links are its own).
  const revision = (complaint.rounds?.at(-1)?.response?.revision ?? 0) + 1;
  const draft = await renderRevision(bucket, { complaint, tasks: tasks.filter((t) => (t.round ?? 1) === roundOf(complaint)), capa, customer, revision }, now);
  await advanceComplaint(complaintId, {
    to: 'AWAITING_SALES_CONFIRMATION', actor: 'system', at: now.toISOString(), eventType: 'RESPONSE_DRAFTED',
    set: { response: draft, capaMissing: [] },
    condition: { expression: 'attribute_not_exists(#r)', names: { '#r': 'response' }, values: {} },
  });
  return { drafted: true, revision };
}

/** Record that the response waits for the CAPA, and for what; a repeat with the same gaps writes nothing. */
async function waitForCapa(complaint: Complaint, missing: CapaRequirement[], now: Date) {
  if (complaint.status !== 'AWAITING_CAPA') {
    await advanceComplaint(complaint.complaintId, {
      to: 'AWAITING_CAPA', actor: 'system', at: now.toISOString(), eventType: 'RESPONSE_WAITS_FOR_CAPA',
      set: { capaMissing: missing }, eventDetail: { missing },
    });
  } else if (missing.join() !== (complaint.capaMissing ?? []).join()) {
    await reviseComplaint(
      complaint.complaintId, { capaMissing: missing },
      { expression: '#status = :waiting', names: { '#status': 'status' }, values: { ':waiting': 'AWAITING_CAPA' } },
      { at: now.toISOString(), type: 'RESPONSE_WAITS_FOR_CAPA', actor: 'system', detail: { missing } },
    );
  }
}

/**
 * Send the confirmed response to the person who complained (responseRecipient), and record where
 * it went and why with the move to RESPONDED. The check is here, in the step that sends, and
 * not only in the state machine's path: without a sales confirmation nothing goes out. An email
 * carries the revision's documents, each read back and checked against the hash sales confirmed;
 * an SMS carries a signed link to download them. Delivered, the preventive actions the documents
 * contain are marked fed back to the customer, in the same transaction as RESPONDED.
 */
export async function sendResponse(complaintId: string, senderEmail: string, bucket: string, links: ActionLinkConfig, now = new Date()) {
  const complaint = await getComplaint(complaintId);
  if (complaint.status === 'RESPONDED' || complaint.status === 'CLOSED') return { sent: false };
  const response = complaint.response;
  if (response?.decision !== 'CONFIRMED') {
    throw new DomainError('ResponseNotConfirmed', `the response to ${complaintId} has no sales confirmation`);
  }
  if (response.contentHash && responseContentHash(response) !== response.contentHash) {
    throw new DomainError('ResponseAltered', `the response to ${complaintId} is not what sales confirmed`);
  }
  const customer = await getCustomer(complaint.customerCode);
  if (!customer) throw notFound('customer', complaint.customerCode);
  const chosen = response.sentTo ?? responseRecipient(complaint, customer);
  if (!chosen) throw new DomainError('CustomerUnreachable', `customer ${customer.code} has no contact, email or phone to send the response to`);
  const sentTo = await pinResponseRecipient(complaintId, response.revision, chosen);
  const documents = response.documents ?? [];
  const attachments = sentTo.channel === 'EMAIL'
    ? await Promise.all(documents.map(async (d) => ({ fileName: d.name, contentType: d.contentType, content: await readResponseDocument(bucket, d) })))
    : undefined;
  const link = sentTo.channel === 'SMS' && documents.length ? await responseDocumentsLink(links, complaint, customer.code, now) : undefined;
  const outcome = await deliverOnce({
    complaintId, event: `RESPONSE#rev${response.revision}`, recipientId: customer.code, channel: sentTo.channel,
    address: sentTo.address, attachments,
    message: renderMessage('RESPONSE', customer.locale, { complaint, actionLink: link }, sentTo.channel), senderEmail,
  });
  // The marks go with RESPONDED on the CAPA version read; a CAPA saved in between (a quality
  // manager still editing) makes the transaction fail, and it is tried again on the new version.
  for (let attempt = 1; ; attempt++) {
    const stored = await getCapa(complaintId);
    const positions = outcome === 'FAILED_PERMANENTLY' ? [] : (stored.capa?.preventiveActions ?? [])
      .flatMap((a, i) => ((response.preventiveActionIds ?? []).includes(a.id) && !a.fedBackAt ? [i] : []));
    try {
      await advanceComplaint(complaintId, {
        to: 'RESPONDED', actor: 'system', at: now.toISOString(),
        set: { respondedAt: now.toISOString() },
        eventDetail: { revision: response.revision, sentTo, contentHash: response.contentHash, documents: documents.map((d) => d.name), delivery: outcome },
        extraItems: positions.length ? [fedBackUpdate(complaintId, stored.version, positions, now.toISOString(), response.revision)] : undefined,
      });
      return { sent: true };
    } catch (error) {
      const settled = await getComplaint(complaintId);
      if (attempt >= 3 || settled.status !== 'CONFIRMED') throw error;
    }
  }
}

/** Close, and release the open-case markers so a new complaint about the same unit may start. */
export async function closeComplaint(complaintId: string, now = new Date()) {
  const complaint = await getComplaint(complaintId);
  await advanceComplaint(complaintId, {
    to: 'CLOSED', actor: 'system', at: now.toISOString(), set: { closedAt: now.toISOString() },
    extraItems: openCaseDeletes(complaint.openKeys ?? []),
  });
  return { status: 'CLOSED' as const };
}
