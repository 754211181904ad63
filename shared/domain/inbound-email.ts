import { createHash } from 'node:crypto';
import PostalMime, { type Address, type Email } from 'postal-mime';
import { ALLOWED_CONTENT_TYPES, MAX_ATTACHMENT_BYTES } from './attachments.ts';

/**
 * Complaints by email (issue 11), the part that needs no AWS: reading a raw message with a
 * maintained MIME parser (postal-mime: no dependencies, runs in Lambda), and the rules applied to
 * it — is it an automatic message (auto-reply, bounce, bulk) that must never be answered or turned
 * into a case; does it name a complaint (a reply to one of our messages keeps the number in its
 * subject); which attachments may become evidence; where it goes and how its sender is answered.
 * The service (shared/services/inbound-email.ts) applies these to what SES stored.
 */

/** SES accepts messages up to 40 MB; a complaint with photos stays far below this. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/** Evidence taken from one message at most (the rest are noted as refused). */
export const MAX_EMAIL_ATTACHMENTS = 10;
/** The body kept on the intake item (the raw message stays in S3 in full). */
export const MAX_BODY_CHARS = 20_000;
const MAX_SUBJECT_CHARS = 500;
/** Attachments recorded on one item (each verdict is a few hundred bytes; the item stays far below 400 KB). */
export const MAX_RECORDED_ATTACHMENTS = 50;
/** A message with more parts than this is not a complaint (and would not fit an item): unreadable. */
const MAX_PARTS = 500;
/** Longest address (RFC 5321) and message id kept; longer ones are refused or dropped, never used as keys. */
const MAX_ADDRESS_CHARS = 254;
const MAX_ID_CHARS = 250;
/** HTML read for the text (the text keeps MAX_BODY_CHARS anyway): bounds the work on hostile markup. */
const MAX_HTML_CHARS = 200_000;
/** Control and direction-changing characters, refused in typed text (shared/domain/text.ts), replaced in received text. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const INVISIBLE_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export interface InboundAttachment {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** Shown in the body (a pasted photo), rather than attached. */
  inline: boolean;
  content: Uint8Array;
}

export interface InboundEmail {
  messageId?: string;
  from?: { address: string; name?: string };
  subject: string;
  sentAt?: string;
  /** Message ids this one answers (In-Reply-To, then References), without angle brackets. */
  inReplyTo: string[];
  text: string;
  attachments: InboundAttachment[];
  /** Why the message is automatic (never answered, never a case), or undefined for a person's message. */
  automatic?: AutomaticReason;
  /**
   * A person's message that asks not to be answered automatically (X-Auto-Response-Suppress,
   * or mail through a list or group address: Precedence list/bulk): a case, but no acknowledgement.
   */
  noAutoReply: boolean;
  /** Parts beyond MAX_RECORDED_ATTACHMENTS, counted but not kept. */
  omittedAttachments: number;
}

export type AutomaticReason = 'AUTO_SUBMITTED' | 'BULK' | 'BOUNCE' | 'AUTO_REPLY';

export class UnreadableEmail extends Error {
  constructor(readonly reason: 'TOO_LARGE' | 'MALFORMED' | 'NO_SENDER', message: string) {
    super(message);
    this.name = 'UnreadableEmail';
  }
}

/** Read a raw RFC 5322 message; refuse one too large to be a complaint, or with nobody to answer. */
export async function readInboundEmail(raw: Uint8Array): Promise<InboundEmail> {
  if (raw.byteLength > MAX_MESSAGE_BYTES) throw new UnreadableEmail('TOO_LARGE', `the message is ${raw.byteLength} bytes; at most ${MAX_MESSAGE_BYTES}`);
  let email: Email;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 50, maxHeadersSize: 256 * 1024 });
  } catch (error) {
    throw new UnreadableEmail('MALFORMED', `not a readable email message: ${(error as Error).message}`);
  }
  const from = mailbox(email.from);
  const automatic = automaticReason(email, from?.address);
  // A person's message without a sender cannot be answered; an automatic one is ignored anyway.
  if (!from && !automatic) throw new UnreadableEmail('NO_SENDER', 'the message has no usable From address');
  if (email.attachments.length > MAX_PARTS) throw new UnreadableEmail('MALFORMED', `the message has ${email.attachments.length} attachments; at most ${MAX_PARTS}`);
  const messageId = email.messageId ? bare(email.messageId) : undefined;
  return {
    ...(messageId && messageId.length <= MAX_ID_CHARS ? { messageId } : {}),
    ...(from ? { from } : {}),
    subject: (email.subject ?? '').replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_SUBJECT_CHARS),
    ...(email.date && !Number.isNaN(Date.parse(email.date)) ? { sentAt: new Date(email.date).toISOString() } : {}),
    inReplyTo: [...ids(email.inReplyTo), ...ids(email.references)].filter((id, i, all) => id.length <= MAX_ID_CHARS && all.indexOf(id) === i).slice(0, 20),
    text: bodyText(email).replace(INVISIBLE_BUT_LINES, ' ').slice(0, MAX_BODY_CHARS),
    noAutoReply: Boolean(header(email, 'x-auto-response-suppress')?.match(/\b(all|oof|autoreply)\b/i)) || /^(bulk|list)$/i.test(header(email, 'precedence')?.trim() ?? ''),
    omittedAttachments: Math.max(0, email.attachments.length - MAX_RECORDED_ATTACHMENTS),
    attachments: email.attachments.slice(0, MAX_RECORDED_ATTACHMENTS).map((a, i) => {
      const content = a.content instanceof Uint8Array ? a.content : typeof a.content === 'string' ? new TextEncoder().encode(a.content) : new Uint8Array(a.content);
      return {
        fileName: safeFileName(a.filename, a.mimeType, i),
        contentType: a.mimeType.toLowerCase().slice(0, 100),
        sizeBytes: content.byteLength,
        inline: a.disposition === 'inline' || Boolean(a.contentId && a.related),
        content,
      };
    }),
    ...(automatic ? { automatic } : {}),
  };
}

function mailbox(address: Address | undefined): InboundEmail['from'] {
  const box = address && (address.address ? address : address.group?.[0]);
  if (!box?.address || box.address.length > MAX_ADDRESS_CHARS || !/^[^@\s]+@[^@\s]+$/.test(box.address)) return undefined;
  return { address: box.address.toLowerCase(), ...(box.name ? { name: box.name.slice(0, 200) } : {}) };
}

const bare = (id: string) => id.trim().replace(/^<|>$/g, '');
const ids = (value: string | undefined) => (value ?? '').match(/<[^<>\s]+>/g)?.map(bare) ?? [];

function header(email: Email, name: string): string | undefined {
  return email.headers.find((h) => h.key === name)?.value;
}

/**
 * RFC 3834 and common practice: an automatic message says so (Auto-Submitted other than "no",
 * Precedence junk or auto_reply), is a delivery report or comes from the mail system itself (a
 * bounce), or carries an auto-responder's own header. Answering any of these is how mail loops
 * start. Not automatic: X-Auto-Response-Suppress (a sender asking not to be auto-answered) and
 * Precedence list/bulk (a person writing through a group address) — see noAutoReply.
 */
export function automaticReason(email: Email, fromAddress: string | undefined): AutomaticReason | undefined {
  const contentType = header(email, 'content-type') ?? '';
  const local = fromAddress?.split('@')[0] ?? '';
  if (/^multipart\/report/i.test(contentType) || /^(mailer-daemon|postmaster)$/i.test(local) || email.returnPath === '<>' || header(email, 'return-path')?.trim() === '<>') return 'BOUNCE';
  const submitted = header(email, 'auto-submitted')?.trim().toLowerCase();
  if (submitted && submitted !== 'no') return 'AUTO_SUBMITTED';
  if (/^(junk|auto_reply)$/i.test(header(email, 'precedence')?.trim() ?? '')) return 'BULK';
  if (header(email, 'x-autoreply') || header(email, 'x-autorespond')) return 'AUTO_REPLY';
  return undefined;
}

/** The complaint a message is about, when its subject names one (our messages carry the number). */
export function complaintNumberIn(subject: string): string | undefined {
  return /\bCMP-\d{4}-\d{6,9}\b/i.exec(subject)?.[0].toUpperCase();
}

/** The text of the message: its plain part, else its HTML reduced to text. */
function bodyText(email: Email): string {
  if (email.text?.trim()) return email.text.trim();
  if (!email.html) return '';
  return htmlToText(email.html.slice(0, MAX_HTML_CHARS));
}

/**
 * Markup reduced to its text in one pass (regular expressions over hostile HTML can take
 * quadratic time): tags dropped, script and style skipped, line breaks kept, a few entities read.
 */
export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let i = 0;
  while (i < html.length) {
    const open = html.indexOf('<', i);
    if (open === -1) { out += html.slice(i); break; }
    out += html.slice(i, open);
    const close = html.indexOf('>', open + 1);
    if (close === -1) break; // an unclosed tag: the rest is markup
    const tag = /^\/?\s*([a-z0-9]+)/.exec(lower.slice(open + 1, Math.min(close, open + 20)))?.[1] ?? '';
    if ((tag === 'script' || tag === 'style') && lower[open + 1] !== '/') {
      const end = lower.indexOf(`</${tag}`, close);
      if (end === -1) break;
      i = lower.indexOf('>', end) === -1 ? html.length : lower.indexOf('>', end) + 1;
      continue;
    }
    if (tag === 'br' || (lower[open + 1] === '/' && (tag === 'p' || tag === 'div'))) out += '\n';
    i = close + 1;
  }
  return out
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A name fit to store: no folders or control characters, bounded; made up when the message gives none. */
function safeFileName(name: string | null, mimeType: string, index: number): string {
  // No folders, no control or direction-changing characters (U+202E makes "photo\u202Egpj.exe" show as "photoexe.jpg").
  const cleaned = (name ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff/\\]/g, '_').trim().slice(-200);
  if (cleaned) return cleaned;
  const extension = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/heic': 'heic', 'application/pdf': 'pdf' }[mimeType.toLowerCase()] ?? 'bin';
  return `attachment-${index + 1}.${extension}`;
}

export interface AttachmentVerdict {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  accepted: boolean;
  /** Why it was not taken as evidence (noted on the intake item). */
  refusal?: string;
}

/** Which attachments become evidence: the evidence types and size, at most MAX_EMAIL_ATTACHMENTS. */
export function attachmentVerdicts(attachments: readonly Pick<InboundAttachment, 'fileName' | 'contentType' | 'sizeBytes'>[]): AttachmentVerdict[] {
  let taken = 0;
  return attachments.map((a) => {
    const base = { fileName: a.fileName, contentType: a.contentType, sizeBytes: a.sizeBytes };
    if (!(ALLOWED_CONTENT_TYPES as readonly string[]).includes(a.contentType)) return { ...base, accepted: false, refusal: `${a.contentType} is not an evidence type (${ALLOWED_CONTENT_TYPES.join(', ')})` };
    if (a.sizeBytes === 0) return { ...base, accepted: false, refusal: 'empty' };
    if (a.sizeBytes > MAX_ATTACHMENT_BYTES) return { ...base, accepted: false, refusal: `larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB` };
    if (taken >= MAX_EMAIL_ATTACHMENTS) return { ...base, accepted: false, refusal: `more than ${MAX_EMAIL_ATTACHMENTS} attachments in one message` };
    taken += 1;
    return { ...base, accepted: true };
  });
}

/** Who sent it, among the customers whose contacts (or general address) have that address. */
export type SenderMatch = { kind: 'CUSTOMER'; customerCode: string } | { kind: 'UNMATCHED' } | { kind: 'AMBIGUOUS'; customerCodes: string[] };

export function senderMatch(customerCodes: readonly string[]): SenderMatch {
  const unique = [...new Set(customerCodes)].sort();
  if (unique.length === 1) return { kind: 'CUSTOMER', customerCode: unique[0]! };
  if (unique.length === 0) return { kind: 'UNMATCHED' };
  return { kind: 'AMBIGUOUS', customerCodes: unique };
}

/* ------------------------------------------------------------------------------------------------
 * What becomes of a received message (slice 3): set aside, threaded onto a complaint, or waiting
 * for an agent; and the one acknowledgement its sender gets.
 * --------------------------------------------------------------------------------------------- */

/** SES's verdicts on a received message (the receipt rule scans every message). */
export interface ReceiptVerdicts { spam?: string; virus?: string; spf?: string; dkim?: string; dmarc?: string; dmarcPolicy?: string }

/**
 * The From address is the sender's own: DMARC passed (SPF or DKIM passed for the From header's
 * domain). SPF or DKIM alone vouch for some domain, not for the From address people see.
 */
export const senderAuthenticated = (v: ReceiptVerdicts) => v.dmarc === 'PASS';

/** Why a message is kept aside (raw message kept, never a case, never answered). */
export type SetAsideReason = 'VIRUS' | 'SPAM' | 'SPOOFED' | UnreadableEmail['reason'] | AutomaticReason;

/**
 * A virus or spam verdict, or a sender domain whose DMARC policy says to refuse what failed it
 * (a forged sender must not thread text onto a customer's complaint).
 */
export function verdictProblem(v: ReceiptVerdicts): 'VIRUS' | 'SPAM' | 'SPOOFED' | undefined {
  if (v.virus === 'FAIL') return 'VIRUS';
  if (v.spam === 'FAIL') return 'SPAM';
  if (v.dmarc === 'FAIL' && (v.dmarcPolicy === 'reject' || v.dmarcPolicy === 'quarantine')) return 'SPOOFED';
  return undefined;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The id of a received message, which is also the reference its sender is given (EM-…): the
 * same for every delivery of the same message (the sender and its Message-ID, or, when there
 * is none, where SES stored it), so a message delivered twice is one item.
 */
export function inboundIdOf(parts: readonly string[]): string {
  const digest = createHash('sha256').update(parts.join('\n')).digest();
  let id = '';
  for (let i = 0; i < 12; i += 1) id += CROCKFORD[digest[i]! % 32];
  return `EM-${id}`;
}

/** An email intake reference in a subject (the acknowledgement carries it; a reply keeps it). */
export function intakeReferenceIn(subject: string): string | undefined {
  return /\bEM-[0-9A-HJKMNP-TV-Z]{12}\b/i.exec(subject)?.[0].toUpperCase();
}

/** The SES message id in one of our Message-IDs (`<id@region.amazonses.com>`): the local part. */
export const localPart = (messageId: string) => messageId.split('@')[0]!;

/** A complaint the message names: by replying to our message, or by its number in the subject. */
export interface NamedComplaint {
  complaintId: string;
  customerCode: string;
  status: string;
  via: 'REPLY' | 'SUBJECT';
}

export type Destination =
  | { kind: 'THREAD'; complaintId: string }
  | { kind: 'TRIAGE'; note?: string; relatedComplaintId?: string };

/**
 * Where a person's message goes. A reply to one of our messages is threaded onto its complaint;
 * so is a message whose subject names a complaint of the sender's own customer, when the sender
 * is verified (anyone can type a number or forge a From: such a message waits for an agent). A closed complaint gets
 * nothing threaded: the message waits for an agent, who may reopen the complaint or start a new
 * one. Everything else waits for an agent.
 */
export function destination(named: NamedComplaint | undefined, senderCustomers: readonly string[], authenticated: boolean): Destination {
  if (!named) return { kind: 'TRIAGE' };
  if (named.via === 'SUBJECT' && !senderCustomers.includes(named.customerCode)) {
    return { kind: 'TRIAGE', relatedComplaintId: named.complaintId, note: `names complaint ${named.complaintId}, but the sender is not on file for its customer` };
  }
  // A From address can be forged and numbers are sequential: a number alone threads only from a verified sender.
  if (named.via === 'SUBJECT' && !authenticated) {
    return { kind: 'TRIAGE', relatedComplaintId: named.complaintId, note: `names complaint ${named.complaintId}, but the sender could not be verified (DMARC did not pass)` };
  }
  if (named.status === 'CLOSED') return { kind: 'TRIAGE', relatedComplaintId: named.complaintId, note: `about complaint ${named.complaintId}, which is closed` };
  return { kind: 'THREAD', complaintId: named.complaintId };
}

type Locale = 'zh-CN' | 'en';

/** The language to answer in: the customer's, or for an unknown sender, the message's own. */
export function replyLocale(customerLocale: Locale | undefined, email: Pick<InboundEmail, 'subject' | 'text'>): Locale {
  if (customerLocale) return customerLocale;
  return /[\u3400-\u9fff]/.test(`${email.subject} ${email.text.slice(0, 2000)}`) ? 'zh-CN' : 'en';
}

/**
 * The acknowledgement: the reference to quote, and what happens next. The sender's subject is
 * quoted only when given (for a verified sender): an unverified From may be someone else's, and
 * we do not send strangers text another person chose.
 */
export function acknowledgement(locale: Locale, reference: string, subject: string | undefined): { subject: string; body: string } {
  if (subject === undefined) {
    return locale === 'zh-CN'
      ? { subject: `已收到您的邮件 [${reference}]`, body: `您好，\n\n我们已收到您的邮件，参考编号 ${reference}。客服人员会尽快处理并与您联系。\n回复时请保留主题中的参考编号，您的回复会归入同一事项。\n\n此邮件为系统自动发送。` }
      : { subject: `We received your email [${reference}]`, body: `Hello,\n\nWe received your email. Your reference is ${reference}. A member of our service team will look at it and get back to you.\nPlease keep the reference in the subject when you reply, so that your reply joins the same case.\n\nThis message was sent automatically.` };
  }
  const quoted = subject || (locale === 'zh-CN' ? '（无主题）' : '(no subject)');
  return locale === 'zh-CN'
    ? {
      subject: `已收到您的邮件 [${reference}]：${quoted}`.slice(0, 300),
      body: `您好，\n\n我们已收到您的邮件“${quoted}”，参考编号 ${reference}。客服人员会尽快处理并与您联系。\n回复时请保留主题中的参考编号，您的回复会归入同一事项。\n\n此邮件为系统自动发送。`,
    }
    : {
      subject: `We received your email [${reference}]: ${quoted}`.slice(0, 300),
      body: `Hello,\n\nWe received your email "${quoted}". Your reference is ${reference}. A member of our service team will look at it and get back to you.\nPlease keep the reference in the subject when you reply, so that your reply joins the same case.\n\nThis message was sent automatically.`,
    };
}
