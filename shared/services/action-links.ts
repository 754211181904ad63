import type { ActionLinkDecision } from '../api/contract.ts';
import {
  RESPONSE_LINK_DAYS, SALES_LINK_HOURS, linkUseKey, parseKeyRing, signActionLink, verifyActionLink, type ActionGrant,
} from '../domain/action-links.ts';
import { DomainError, conflict } from '../domain/errors.ts';
import type { Complaint, Person } from '../domain/model.ts';
import { secretValue } from '../secrets.ts';
import { getComplaint } from '../store/complaints.ts';
import { isLinkUsed } from '../store/action-links.ts';
import { getPerson } from '../store/master-data.ts';
import { authorize } from './people.ts';
import { documentDownloads } from './response-documents.ts';
import { decideOnResponse, resumeRecordedDecision } from './sales.ts';

/** Where links point and which keys sign them (env of the functions that make or take links). */
export interface ActionLinkConfig {
  /** The key ring's secret (Secrets Manager). */
  keysSecretId: string;
  /** The page that opens a link: the token goes after '#', so no server or proxy logs it. */
  pageUrl: string;
}

const ring = async (config: ActionLinkConfig, refresh = false) => parseKeyRing(await secretValue(config.keysSecretId, { refresh }));

/** A signed link for the order's salesperson to confirm or reject this revision, once. */
export async function salesConfirmationLink(config: ActionLinkConfig, complaint: Complaint, now = new Date()) {
  const revision = complaint.response?.revision ?? 1;
  const expires = Math.floor(now.getTime() / 1000) + SALES_LINK_HOURS * 3600;
  const token = signActionLink(await ring(config), { p: 'SALES_CONFIRMATION', c: complaint.complaintId, r: revision, s: complaint.salespersonId, e: expires });
  return { url: `${config.pageUrl}#${token}`, expiresAt: new Date(expires * 1000).toISOString() };
}

/**
 * The grant of a link that is still good, for the person it names, who must still be active and
 * still allowed (the access matrix, as if they had signed in). Altered or unknown-key links are
 * 401, expired ones 410, used ones 409; none of them changes anything.
 */
async function openLink(config: ActionLinkConfig, token: string, now: Date, purpose: ActionGrant['p'] = 'SALES_CONFIRMATION'): Promise<{ grant: ActionGrant; person: Person; complaint: Complaint }> {
  const grant = await verifiedGrant(config, token, now, purpose);
  if (await isLinkUsed(linkUseKey(grant))) {
    await resumeRecordedDecision(grant.c, grant.r);
    throw new DomainError('LinkUsed', 'this link has been used already', 409);
  }
  const person = await getPerson(grant.s);
  if (!person || person.active === false) throw new DomainError('InvalidLink', 'this link is not valid', 401);
  await authorize('SalesDecision', person, { complaintId: grant.c });
  const complaint = await getComplaint(grant.c);
  if (complaint.status !== 'AWAITING_SALES_CONFIRMATION' || complaint.response?.revision !== grant.r) {
    throw conflict('this link is about a response that is no longer waiting for confirmation');
  }
  return { grant, person, complaint };
}

/**
 * The grant of a link signed by our keys, for `purpose`, not expired: else 401 (altered, unknown
 * key, another purpose) or 410 (expired). Whether it was used is the caller's check.
 */
export async function verifiedGrant(config: ActionLinkConfig, token: string, now: Date, purpose: ActionGrant['p']): Promise<ActionGrant> {
  let verdict = verifyActionLink(await ring(config), token, now);
  // A key introduced by a rotation after this container read the ring: read it again, once.
  if (!verdict.ok && verdict.reason === 'UNKNOWN_KEY') verdict = verifyActionLink(await ring(config, true), token, now);
  if (!verdict.ok) {
    if (verdict.reason === 'EXPIRED') {
      throw new DomainError('LinkExpired', purpose === 'SALES_CONFIRMATION' ? 'this link has expired; sign in to act on the complaint' : 'this link has expired', 410);
    }
    throw new DomainError('InvalidLink', 'this link is not valid', 401);
  }
  if (verdict.grant.p !== purpose) throw new DomainError('InvalidLink', 'this link is not valid', 401);
  return verdict.grant;
}

/** A signed link for the grant: the action page with the token after '#'. */
export async function signedLink(config: ActionLinkConfig, grant: ActionGrant) {
  return { url: `${config.pageUrl}#${signActionLink(await ring(config), grant)}`, expiresAt: new Date(grant.e * 1000).toISOString() };
}

/** What the link is for, so the salesperson reads the response before deciding. */
export async function inspectActionLink(config: ActionLinkConfig, bucket: string, token: string, now = new Date()) {
  const { grant, person, complaint } = await openLink(config, token, now);
  return {
    purpose: grant.p,
    actingAs: { personId: person.personId, name: person.name },
    expiresAt: new Date(grant.e * 1000).toISOString(),
    complaint: {
      complaintId: complaint.complaintId, customerName: complaint.customerName, productName: complaint.productName,
      description: complaint.description, customerRequirements: complaint.customerRequirements,
    },
    response: {
      revision: complaint.response!.revision, text: complaint.response!.text, contentHash: complaint.response!.contentHash,
      format: complaint.response!.format, documents: await documentDownloads(bucket, complaint.response!.documents ?? []),
    },
  };
}

/** The salesperson's decision through the link: exactly what the signed-in route does, once. */
export async function decideThroughLink(config: ActionLinkConfig, input: ActionLinkDecision, now = new Date()) {
  const { grant, person } = await openLink(config, input.token, now);
  const { token: _token, ...decision } = input;
  return decideOnResponse(grant.c, { ...decision, revision: grant.r }, person, now, linkUseKey(grant));
}

/**
 * A signed link for the customer to download the documents of the response revision that was
 * confirmed and sent (the SMS carries it; an email carries the documents themselves). Not single
 * use: the customer may download again until it expires.
 */
export async function responseDocumentsLink(config: ActionLinkConfig, complaint: Complaint, customerCode: string, now = new Date()) {
  const expires = Math.floor(now.getTime() / 1000) + RESPONSE_LINK_DAYS * 86_400;
  const token = signActionLink(await ring(config), { p: 'RESPONSE_DOCUMENTS', c: complaint.complaintId, r: complaint.response!.revision, s: customerCode, e: expires });
  return { url: `${config.pageUrl}#${token}`, expiresAt: new Date(expires * 1000).toISOString() };
}

/** The documents a customer's download link names, as short-lived download URLs. */
export async function openResponseDocuments(config: ActionLinkConfig, bucket: string, token: string, now = new Date()) {
  let verdict = verifyActionLink(await ring(config), token, now);
  if (!verdict.ok && verdict.reason === 'UNKNOWN_KEY') verdict = verifyActionLink(await ring(config, true), token, now);
  if (!verdict.ok) {
    if (verdict.reason === 'EXPIRED') throw new DomainError('LinkExpired', 'this link has expired; ask us for the documents again', 410);
    throw new DomainError('InvalidLink', 'this link is not valid', 401);
  }
  const { grant } = verdict;
  if (grant.p !== 'RESPONSE_DOCUMENTS') throw new DomainError('InvalidLink', 'this link is not valid', 401);
  const complaint = await getComplaint(grant.c);
  // Only a revision that was confirmed and sent (this round's, or an earlier round's of a reopened
  // complaint), to the customer it was sent to.
  const sent = [
    ...(complaint.respondedAt && complaint.response ? [complaint.response] : []),
    ...(complaint.rounds ?? []).filter((r) => r.respondedAt).map((r) => r.response),
  ];
  const response = sent.find((r) => r?.revision === grant.r && r.decision === 'CONFIRMED');
  if (complaint.customerCode !== grant.s || !response) throw new DomainError('InvalidLink', 'this link is not valid', 401);
  return {
    complaintId: complaint.complaintId, revision: response.revision, contentHash: response.contentHash,
    expiresAt: new Date(grant.e * 1000).toISOString(),
    documents: await documentDownloads(bucket, response.documents ?? []),
  };
}
