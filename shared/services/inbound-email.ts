import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { z } from 'zod';
import type { CompanyPolicy } from '../domain/company-policy.ts';
import type { EmailIntakeCompletion, EmailIntakeQuery } from '../api/contract.ts';
import { MAX_ATTACHMENTS_PER_COMPLAINT, type Attachment } from '../domain/attachments.ts';
import { conflict, DomainError } from '../domain/errors.ts';
import {
  acknowledgement, attachmentVerdicts, complaintNumberIn, destination, inboundIdOf, intakeReferenceIn, localPart, MAX_MESSAGE_BYTES,
  readInboundEmail, replyLocale, senderAuthenticated, senderMatch, UnreadableEmail, verdictProblem,
  type InboundEmail, type NamedComplaint, type ReceiptVerdicts, type SetAsideReason,
} from '../domain/inbound-email.ts';
import type { Person } from '../domain/model.ts';
import { acknowledgeOnce } from '../notifications/deliver.ts';
import { getComplaint, getComplaintRecord, type TimelineEvent } from '../store/complaints.ts';
import {
  attachEmailToComplaint, complaintOfSentEmail, getInboundEmail, moveInboundEmail, noteAcknowledged, recordInboundEmail,
  type InboundAttachmentRecord, type InboundEmailRecord,
} from '../store/inbound-email.ts';
import { customersByEmail } from '../store/master-data.ts';
import { queryIndexPage, withoutKeys } from '../store/queues.ts';
import { key } from '../table-keys.ts';
import { checkNewComplaint, createComplaint } from './intake.ts';

const s3 = new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' });

/** Where a message arrived: the raw message in the inbound bucket, and SES's verdicts on it. */
export interface ReceivedMail {
  bucket: string;
  objectKey: string;
  receivedAt: string;
  verdicts: ReceiptVerdicts;
}

export interface MailSettings {
  /** Evidence taken from messages is kept here, under email/<inboundId>/. */
  attachmentsBucket: string;
  senderEmail: string;
}

/**
 * One received message (issue 11), from SES's receipt rule or the local SMTP endpoint: set aside
 * (a spam or virus verdict, a forged sender, unreadable, or automatic — never a case, never
 * answered), threaded onto the complaint it answers, or left for an agent with one
 * acknowledgement to its sender. Every step can run again: the same message (SES retrying the
 * invocation, or delivering it twice) ends as one item, one timeline entry, one acknowledgement.
 */
export async function receiveEmail(mail: ReceivedMail, settings: MailSettings): Promise<InboundEmailRecord> {
  const problem = verdictProblem(mail.verdicts);
  if (problem) return setAside(mail, problem, `SES verdicts: spam ${mail.verdicts.spam}, virus ${mail.verdicts.virus}, DMARC ${mail.verdicts.dmarc}`);
  const head = await s3.send(new HeadObjectCommand({ Bucket: mail.bucket, Key: mail.objectKey }));
  if ((head.ContentLength ?? 0) > MAX_MESSAGE_BYTES) return setAside(mail, 'TOO_LARGE', `the message is ${head.ContentLength} bytes; at most ${MAX_MESSAGE_BYTES}`);
  const object = await s3.send(new GetObjectCommand({ Bucket: mail.bucket, Key: mail.objectKey }));
  let email: InboundEmail;
  try {
    email = await readInboundEmail(await object.Body!.transformToByteArray());
  } catch (error) {
    if (error instanceof UnreadableEmail) return setAside(mail, error.reason, error.message);
    throw error;
  }
  const inboundId = inboundIdOf(email.messageId && email.from ? ['message', email.from.address, email.messageId] : ['object', mail.objectKey]);
  if (email.automatic) return setAside(mail, email.automatic, undefined, { inboundId, email });
  // Delivered before (SES retrying, or the message sent twice): only what is left to do.
  const earlier = await inboundEmailIfAny(inboundId);
  if (earlier) return finish(earlier, settings);

  const customers = await customersByEmail(email.from!.address);
  const match = senderMatch(customers.map((c) => c.code));
  const verified = senderAuthenticated(mail.verdicts);
  const named = await namedComplaint(email);
  const to = named.pendingIntake
    ? { kind: 'TRIAGE' as const, note: `a reply about email ${named.pendingIntake}, which is still waiting` }
    : destination(named.complaint, customers.map((c) => c.code), verified);
  // Files from a message that was not found free of viruses never become evidence.
  const attachments = mail.verdicts.virus === 'PASS'
    ? await keepEvidence(email, inboundId, settings.attachmentsBucket)
    : email.attachments.map((a) => ({ ...attachmentBase(a), accepted: false, refusal: `not scanned for viruses (verdict ${mail.verdicts.virus ?? 'none'})` }));
  const customer = match.kind === 'CUSTOMER' ? customers.find((c) => c.code === match.customerCode) : undefined;
  const { record } = await recordInboundEmail({
    ...describe(mail, inboundId, email),
    state: to.kind === 'THREAD' ? 'THREADING' : 'PENDING',
    match: { ...match, ...(customer ? { customerName: customer.name } : {}) },
    senderVerified: verified,
    attachments,
    ...(email.omittedAttachments ? { omittedAttachments: email.omittedAttachments } : {}),
    ...(to.kind === 'THREAD' ? { complaintId: to.complaintId } : {}),
    ...(to.kind === 'TRIAGE' && to.relatedComplaintId ? { relatedComplaintId: to.relatedComplaintId } : {}),
    ...(to.kind === 'TRIAGE' && to.note ? { note: to.note } : {}),
    // Only a new matter is acknowledged (not a reply to us, nor about a known complaint or email),
    // only when the sender asked for no silence, and only to a verified sender or a customer on
    // file: never mail a stranger whose address someone else may have put in From.
    acknowledge: to.kind === 'TRIAGE' && !named.complaint && !named.pendingIntake && !email.noAutoReply && (verified || match.kind === 'CUSTOMER'),
    locale: replyLocale(customer?.locale, email),
  });
  return finish(record, settings);
}

/** Do what the item still needs: thread it onto its complaint, acknowledge it. */
async function finish(record: InboundEmailRecord, settings: MailSettings): Promise<InboundEmailRecord> {
  if (record.state === 'THREADING' && record.complaintId) {
    const { attachments: onFile } = await getComplaintRecord(record.complaintId);
    const { evidence, attachments } = evidenceFor(record, record.complaintId, onFile.length);
    try {
      await attachEmailToComplaint({
        record, from: 'THREADING', to: { state: 'THREADED', complaintId: record.complaintId, attachments },
        event: emailEvent(record, evidence), evidence,
      });
    } catch (error) {
      // Threaded meanwhile by the other delivery of the same message: nothing left to do.
      if (!(error instanceof DomainError && error.status === 409)) throw error;
    }
    return getInboundEmail(record.inboundId);
  }
  if (record.state === 'PENDING' && record.acknowledge && record.from && !record.acknowledgement) {
    const message = acknowledgement(record.locale, record.inboundId, record.senderVerified ? record.subject : undefined);
    const outcome = await acknowledgeOnce(record.inboundId, {
      address: record.from.address, senderEmail: settings.senderEmail, message,
      // RFC 3834: an automatic reply says so (the sender's auto-responder must not answer it), and threads under the message.
      headers: [
        { name: 'Auto-Submitted', value: 'auto-replied' },
        ...(record.messageId ? [{ name: 'In-Reply-To', value: `<${record.messageId}>` }, { name: 'References', value: `<${record.messageId}>` }] : []),
      ],
    });
    // ALREADY_SENT: another delivery of the message holds the claim; it notes the outcome (its
    // retry sends, if its send failed).
    if (outcome === 'ALREADY_SENT') return record;
    const noted = outcome === 'FAILED_PERMANENTLY' ? 'FAILED' : 'SENT';
    await noteAcknowledged(record.inboundId, noted);
    return { ...record, acknowledgement: noted };
  }
  return record;
}

/** The complaint (or the email still waiting) the message answers. */
async function namedComplaint(email: InboundEmail): Promise<{ complaint?: NamedComplaint; pendingIntake?: string }> {
  const found = async (complaintId: string | undefined, via: NamedComplaint['via']) => {
    if (!complaintId) return undefined;
    const complaint = await getComplaint(complaintId, false).catch((error) => {
      if (error instanceof DomainError && error.status === 404) return undefined;
      throw error;
    });
    return complaint && { complaint: { complaintId, customerCode: complaint.customerCode, status: complaint.status, via } };
  };
  // Only ids SES gave our messages (<id@email.amazonses.com>, <id@<region>.amazonses.com>).
  for (const id of email.inReplyTo.filter((i) => /@([a-z0-9-]+\.)?amazonses\.com$/i.test(i)).slice(0, 20)) {
    const hit = await found(await complaintOfSentEmail(localPart(id)), 'REPLY');
    if (hit) return hit;
  }
  const reference = intakeReferenceIn(email.subject);
  if (reference) {
    const earlier = await inboundEmailIfAny(reference);
    if (earlier?.complaintId && (earlier.state === 'COMPLETED' || earlier.state === 'THREADED')) {
      // The reference was only ever sent to that sender: from them, it is a reply.
      const hit = await found(earlier.complaintId, earlier.from?.address === email.from?.address ? 'REPLY' : 'SUBJECT');
      if (hit) return hit;
    } else if (earlier?.state === 'PENDING') {
      return { pendingIntake: reference };
    }
  }
  return (await found(complaintNumberIn(email.subject), 'SUBJECT')) ?? {};
}

async function inboundEmailIfAny(inboundId: string): Promise<InboundEmailRecord | undefined> {
  return getInboundEmail(inboundId).catch((error) => {
    if (error instanceof DomainError && error.status === 404) return undefined;
    throw error;
  });
}

/** Store the accepted attachments (keys derived from the message: a repeat writes the same objects). */
async function keepEvidence(email: InboundEmail, inboundId: string, bucket: string): Promise<InboundAttachmentRecord[]> {
  const verdicts = attachmentVerdicts(email.attachments);
  return Promise.all(email.attachments.map(async (a, i) => {
    const verdict = verdicts[i]!;
    const base = { ...attachmentBase(a), accepted: verdict.accepted };
    if (!verdict.accepted) return { ...base, refusal: verdict.refusal };
    const attachmentId = derivedUuid(`${inboundId}#${i}`);
    const objectKey = `email/${inboundId}/${attachmentId}`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: objectKey, Body: a.content, ContentType: a.contentType }));
    return { ...base, objectKey, attachmentId };
  }));
}

const attachmentBase = (a: InboundEmail['attachments'][number]) => ({ fileName: a.fileName, contentType: a.contentType, sizeBytes: a.sizeBytes, inline: a.inline });

/** A UUID (version 8: custom) derived from a name, so the same attachment always gets the same id. */
function derivedUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The complaint's attachments made from the message's accepted files, within the complaint's limit. */
function evidenceFor(record: InboundEmailRecord, complaintId: string, onFile: number) {
  let room = MAX_ATTACHMENTS_PER_COMPLAINT - onFile;
  const evidence: Attachment[] = [];
  const attachments = record.attachments.map((a) => {
    if (!a.accepted || !a.objectKey || !a.attachmentId) return a;
    if (room <= 0) return { ...a, accepted: false, refusal: `complaint ${complaintId} has ${MAX_ATTACHMENTS_PER_COMPLAINT} attachments already` };
    room -= 1;
    evidence.push({
      complaintId, attachmentId: a.attachmentId, objectKey: a.objectKey, fileName: a.fileName,
      contentType: a.contentType as Attachment['contentType'], sizeBytes: a.sizeBytes,
      status: 'UPLOADED', addedBy: `email:${record.from?.address ?? 'unknown'}`, addedAt: record.receivedAt, uploadedAt: record.receivedAt,
    });
    return a;
  });
  return { evidence, attachments };
}

/** The timeline entry: who wrote, what, and which files came with it. */
function emailEvent(record: InboundEmailRecord, evidence: readonly Attachment[]): TimelineEvent {
  return {
    at: record.receivedAt, type: 'EMAIL_RECEIVED', actor: `email:${record.from?.address ?? 'unknown'}`,
    detail: {
      inboundId: record.inboundId, from: record.from?.address, subject: record.subject, text: record.text.slice(0, 4000),
      attachments: evidence.map((a) => ({ attachmentId: a.attachmentId, fileName: a.fileName })),
      refused: record.attachments.filter((a) => !a.accepted).map((a) => ({ fileName: a.fileName, refusal: a.refusal })),
    },
  };
}

function describe(mail: ReceivedMail, inboundId: string, email?: InboundEmail) {
  const { spam, virus, spf, dkim, dmarc } = mail.verdicts;
  return {
    inboundId, objectKey: mail.objectKey, receivedAt: mail.receivedAt,
    subject: email?.subject ?? '', text: redactLinks(email?.text ?? ''),
    verdicts: { spam, virus, spf, dkim, dmarc },
    ...(email?.from ? { from: email.from } : {}),
    ...(email?.sentAt ? { sentAt: email.sentAt } : {}),
    ...(email?.messageId ? { messageId: email.messageId } : {}),
  };
}

/**
 * Signed action links quoted from our own messages (a reply quotes them) would let anyone who
 * reads the timeline act as their recipient: the token after # is removed.
 */
function redactLinks(text: string): string {
  return text.replace(/#v1\.[A-Za-z0-9._-]+/g, '#[link removed]');
}

/** Kept aside: recorded (the raw message stays in the bucket), never threaded, never answered. */
async function setAside(mail: ReceivedMail, reason: SetAsideReason, note?: string, read?: { inboundId: string; email: InboundEmail }): Promise<InboundEmailRecord> {
  const { record } = await recordInboundEmail({
    ...describe(mail, read?.inboundId ?? inboundIdOf(['object', mail.objectKey]), read?.email),
    state: 'SET_ASIDE', setAsideReason: reason, ...(note ? { note } : {}),
    match: { kind: 'UNMATCHED' }, attachments: (read?.email.attachments ?? []).map((a) => ({ ...attachmentBase(a), accepted: false, refusal: 'the message was set aside' })),
    acknowledge: false, locale: 'en',
  });
  return record;
}

/**
 * The agent makes a waiting email into a complaint (the document number, urgency and category
 * they chose; the description defaults to the email): created as any complaint (its lifecycle
 * starts), with the email on its timeline and its files as evidence. Asking again returns the
 * same complaint.
 */
export async function completeEmailIntake(args: {
  inboundId: string;
  input: z.infer<typeof EmailIntakeCompletion>;
  agent: Person;
  stateMachineArn: string;
  policy: CompanyPolicy;
  now?: Date;
}): Promise<{ inboundId: string; complaintId: string; created: boolean; linked: boolean }> {
  const now = args.now ?? new Date();
  let record = await getInboundEmail(args.inboundId);
  if (record.state === 'COMPLETED' && record.complaintId) return { inboundId: record.inboundId, complaintId: record.complaintId, created: false, linked: false };
  if (record.state !== 'PENDING' && record.state !== 'COMPLETING') {
    throw conflict(`email ${record.inboundId} is ${record.state}${record.complaintId ? ` (complaint ${record.complaintId})` : ''}`);
  }
  const input = { ...args.input, description: args.input.description ?? emailDescription(record) };
  // Checked before anything is written: a refused request leaves the email as it was.
  await checkNewComplaint(input, args.policy);
  // Claimed first, so that a dismissal cannot slip in between the complaint and its email; a claim
  // left by a request that failed is carried on by whoever asks next.
  if (record.state === 'PENDING') {
    await moveInboundEmail(record, 'PENDING', { state: 'COMPLETING', handledBy: args.agent.personId, handledAt: now.toISOString() });
    record = { ...record, state: 'COMPLETING' };
  }
  const result = await createComplaint({
    input, agent: args.agent, stateMachineArn: args.stateMachineArn, policy: args.policy, now,
    // One complaint per email, whoever asks and however: a repeat is this email, not this body.
    idempotencyKey: `EMAIL-${record.inboundId}`, requestFingerprint: record.inboundId, emailIntakeId: record.inboundId,
  });
  const { attachments: onFile } = await getComplaintRecord(result.complaintId);
  const fresh = onFile.filter((a) => !record.attachments.some((r) => r.attachmentId === a.attachmentId)).length;
  const { evidence, attachments } = evidenceFor(record, result.complaintId, fresh);
  await attachEmailToComplaint({
    record, from: 'COMPLETING',
    to: { state: 'COMPLETED', complaintId: result.complaintId, attachments, handledBy: args.agent.personId, handledAt: now.toISOString() },
    event: emailEvent(record, evidence), evidence,
  });
  return { inboundId: record.inboundId, ...result };
}

/** The email as a complaint's description: subject and text, without control characters, within the limit. */
function emailDescription(record: InboundEmailRecord): string {
  // eslint-disable-next-line no-control-regex
  const text = `${record.subject}\n\n${record.text}`.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim();
  return text.length > 4000 ? `${text.slice(0, 3999)}…` : text;
}

export async function dismissEmailIntake(inboundId: string, reason: string, agent: Person, now = new Date()) {
  const record = await getInboundEmail(inboundId);
  if (record.state === 'DISMISSED') return emailIntakeItem(inboundId);
  if (record.state !== 'PENDING') throw conflict(`email ${inboundId} is ${record.state}`);
  await moveInboundEmail(record, 'PENDING', { state: 'DISMISSED', handledBy: agent.personId, handledAt: now.toISOString(), dismissReason: reason });
  return emailIntakeItem(inboundId);
}

/** The email intake queue: waiting (oldest first) or kept aside, one Query on the byQueue index. */
export async function emailIntakeQueue(query: z.infer<typeof EmailIntakeQuery>, now: Date) {
  const page = await queryIndexPage({ index: 'byQueue', partitions: [key.inboxQueue(query.state)], limit: query.limit, cursor: query.cursor });
  return {
    items: page.items.map((item) => {
      const r = withoutKeys<InboundEmailRecord>(item)!;
      return {
        inboundId: r.inboundId, receivedAt: r.receivedAt, ageMinutes: Math.max(0, Math.floor((now.getTime() - Date.parse(r.receivedAt)) / 60_000)),
        ...(r.from ? { from: r.from } : {}), subject: r.subject, state: r.state, match: r.match, senderVerified: Boolean(r.senderVerified),
        attachments: { accepted: r.attachments.filter((a) => a.accepted).length, refused: r.attachments.filter((a) => !a.accepted).length },
        ...(r.setAsideReason ? { setAsideReason: r.setAsideReason } : {}),
        ...(r.note ? { note: r.note } : {}),
        ...(r.relatedComplaintId ? { relatedComplaintId: r.relatedComplaintId } : {}),
      };
    }),
    ...(page.next ? { next: page.next } : {}),
  };
}

/** A received email as the agent reads it (the item without its storage details). */
export async function emailIntakeItem(inboundId: string) {
  const { objectKey: _raw, acknowledge: _ack, locale: _locale, ...shown } = await getInboundEmail(inboundId);
  return { ...shown, senderVerified: Boolean(shown.senderVerified), attachments: shown.attachments.map(({ objectKey: _key, ...a }) => a) };
}
