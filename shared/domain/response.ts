import type { Complaint, ComplaintTask, Customer, ResponseSentTo } from './model.ts';

/** The letter's language is the customer's; its dates are in the company's time zone. */
export interface Letter {
  locale: Customer['locale'];
  /** The day the letter is written (the draft's date line). */
  date: Date;
}

/**
 * The first draft of the formal response, in the customer's language: what was reported, what
 * was done (each finished task with its notes), and the customer's requirements. Quality edits
 * it if sales reject it.
 */
export function draftResponse(complaint: Complaint, tasks: readonly ComplaintTask[], letter: Letter): string {
  const done = tasks.filter((t) => t.status === 'DONE');
  const write = (notesLimit: number) => {
    const clipped = done.map((t) => ({ ...t, notes: clip(t.notes, notesLimit) }));
    return letter.locale === 'zh-CN' ? chineseLetter(complaint, clipped, letter.date) : englishLetter(complaint, clipped);
  };
  const full = write(Infinity);
  if (full.length <= MAX_RESPONSE_CHARS) return full;
  // Too long for a letter (and for the complaint's item): every task's notes get an equal share
  // of the room left, cut with an ellipsis. The full notes stay on the tasks.
  const room = MAX_RESPONSE_CHARS - write(0).length;
  return write(Math.max(0, Math.floor(room / Math.max(1, done.length)) - 1)).slice(0, MAX_RESPONSE_CHARS);
}

/**
 * The longest response, drafted or revised (ResponseRevision in shared/api/contract.ts allows no
 * more): a letter, and well inside the complaint's item.
 */
export const MAX_RESPONSE_CHARS = 20_000;

const clip = (text: string | undefined, limit: number) =>
  text === undefined || text.length <= limit ? text : limit <= 1 ? '…' : `${text.slice(0, limit - 1)}…`;

/**
 * The form a Chinese company answers a complaint in (投诉答复函): salutation with a full-width
 * colon, indented paragraphs, numbered sections (一、二、), the closing 此致 / 敬礼！ on two lines,
 * then the sender and the date in Chinese.
 */
function chineseLetter(c: Complaint, done: readonly ComplaintTask[], date: Date): string {
  const indent = '　　'; // two ideographic spaces: the first-line indent of a Chinese paragraph
  const timeZone = c.sla?.calendar.timeZone ?? 'Asia/Shanghai';
  const day = (d: Date) => new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'long' }).format(d);
  const unit = [c.serialNumber ? `序列号 ${c.serialNumber}` : undefined, `单据 ${c.documentNumber}`].filter(Boolean).join('，');
  return [
    `尊敬的${c.customerName}：`,
    '',
    `${indent}您好！贵司于${day(new Date(c.receivedAt))}反映的${c.productName}（${unit}）问题：“${c.description}”，` +
      `我司已受理（投诉编号 ${c.complaintId}）并高度重视。现将处理情况答复如下：`,
    '',
    '一、处理措施',
    ...(done.length ? done.map((t, i) => `${i + 1}. ${t.title}${t.notes ? `：${t.notes}` : ''}`) : ['（暂无已完成的处理记录）']),
    ...(c.customerRequirements ? ['', '二、贵司提出的要求', c.customerRequirements] : []),
    '',
    `${indent}如对上述处理结果仍有疑问，敬请随时与我们联系。感谢贵司对我司的信任与支持！`,
    '',
    `${indent}此致`,
    '敬礼！',
    '',
    '客户服务部',
    day(date),
  ].join('\n');
}

function englishLetter(c: Complaint, done: readonly ComplaintTask[]): string {
  return [
    `Dear ${c.customerName},`,
    '',
    `Regarding complaint ${c.complaintId} about ${c.productName}` +
      (c.serialNumber ? ` (serial ${c.serialNumber})` : '') +
      ` delivered with ${c.documentNumber}: "${c.description}".`,
    '',
    'What we did:',
    done.map((t) => `- ${t.title}: ${t.notes ?? ''}`.trimEnd()).join('\n') || '- (no tasks recorded)',
    ...(c.customerRequirements ? ['', `Your requirements: ${c.customerRequirements}`] : []),
    '',
    'Kind regards,',
    'Customer Service',
  ].join('\n');
}

/** Names as people type them: "Zhang  Wei", "zhang wei" and "王 芳" / "王芳" are the same person. */
const sameName = (a: string, b: string) => {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return norm(a) === norm(b);
};

/**
 * Where the confirmed response goes: to the person who complained, not to the customer's general
 * mailbox. That is the customer's contact whose phone the complaint names (both are E.164), or
 * failing that whose name it names — by their email, else by SMS to their phone. When master data
 * knows no such contact, the customer's general email, else its first general phone. Undefined
 * when there is nowhere to send it.
 */
export function responseRecipient(
  complaint: Pick<Complaint, 'contactName' | 'contactPhone'>,
  customer: Pick<Customer, 'email' | 'phones' | 'contacts'>,
): ResponseSentTo | undefined {
  const contacts = customer.contacts ?? [];
  const contact = (complaint.contactPhone ? contacts.find((c) => c.phone === complaint.contactPhone) : undefined)
    ?? (complaint.contactName ? contacts.find((c) => sameName(c.name, complaint.contactName!)) : undefined);
  if (contact?.email) return { channel: 'EMAIL', address: contact.email, contactName: contact.name, basis: 'COMPLAINT_CONTACT' };
  if (contact?.phone) return { channel: 'SMS', address: contact.phone, contactName: contact.name, basis: 'COMPLAINT_CONTACT' };
  if (customer.email) return { channel: 'EMAIL', address: customer.email, basis: 'CUSTOMER_DEFAULT' };
  if (customer.phones[0]) return { channel: 'SMS', address: customer.phones[0], basis: 'CUSTOMER_DEFAULT' };
  return undefined;
}

/**
 * Who owns a response that sales rejected: the quality manager who wrote the handling plan, and
 * whoever wrote the rejected revision (revision 1 is the system's draft; later ones are written
 * by a person, recorded as RESPONSE_REVISED). Ids, plan author first, each once.
 */
export function responseOwnerIds(
  complaint: Pick<Complaint, 'plan'>,
  timeline: readonly { type: string; actor: string; detail?: Record<string, unknown> }[],
  revision: number,
): string[] {
  const reviser = timeline.find((e) => e.type === 'RESPONSE_REVISED' && e.detail?.revision === revision)?.actor;
  return [...new Set([complaint.plan?.submittedBy, reviser].filter((id): id is string => Boolean(id)))];
}
