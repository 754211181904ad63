import type { Capa, PreventiveAction } from './capa.ts';
import { ACTION_STATUS_LABELS, companyTimeZone, formatDay, ROOT_CAUSE_CATEGORY_LABELS } from './capa-labels.ts';
import type { Complaint, ComplaintTask, Customer, ResponseSentTo } from './model.ts';

/** The letter's language is the customer's; its dates are in the company's time zone. */
export interface Letter {
  locale: Customer['locale'];
  /** The day the letter is written (the draft's date line). */
  date: Date;
}

/**
 * The first draft of the formal response, in the customer's language: what was reported, what
 * was done (each finished task with its notes), and — when the complaint has a CAPA — the
 * containment, the root cause, the corrective action and the preventive actions, then the
 * customer's requirements. Quality edits it before sales see it, or when sales reject it.
 */
export function draftResponse(complaint: Complaint, tasks: readonly ComplaintTask[], letter: Letter, capa?: Capa): string {
  const done = tasks.filter((t) => t.status === 'DONE');
  // Every free text (task notes, the CAPA's texts) cut to at most `limit` characters.
  const write = (limit: number) => {
    const clipped = done.map((t) => ({ ...t, notes: clip(t.notes, limit) }));
    const capaClipped = capa && {
      ...capa,
      containment: clip(capa.containment, limit)!,
      rootCause: capa.rootCause && { ...capa.rootCause, description: clip(capa.rootCause.description, limit)! },
      correctiveAction: clip(capa.correctiveAction, limit),
      preventiveActions: capa.preventiveActions?.map((a) => ({ ...a, description: clip(a.description, limit)! })),
    };
    return letter.locale === 'zh-CN'
      ? chineseLetter(complaint, clipped, letter.date, capaClipped)
      : englishLetter(complaint, clipped, capaClipped);
  };
  const full = write(Infinity);
  if (full.length <= MAX_RESPONSE_CHARS) return full;
  // Too long for a letter (and for the complaint's item): every free text is cut, with an
  // ellipsis, to the longest length at which the letter fits — short texts stay whole, long ones
  // share the room. The full texts stay on the tasks and the CAPA.
  let [fits, tooLong] = [0, Math.max(...longestTexts(done, capa)) + 1];
  while (tooLong - fits > 1) {
    const mid = Math.floor((fits + tooLong) / 2);
    if (write(mid).length <= MAX_RESPONSE_CHARS) fits = mid;
    else tooLong = mid;
  }
  return write(fits).slice(0, MAX_RESPONSE_CHARS);
}

const longestTexts = (done: readonly ComplaintTask[], capa?: Capa) => [
  0,
  ...done.map((t) => t.notes?.length ?? 0),
  capa?.containment.length ?? 0,
  capa?.rootCause?.description.length ?? 0,
  capa?.correctiveAction?.length ?? 0,
  ...(capa?.preventiveActions ?? []).map((a) => a.description.length),
];

/**
 * The longest response, drafted or revised (ResponseRevision in shared/api/contract.ts allows no
 * more): a letter, and well inside the complaint's item.
 */
export const MAX_RESPONSE_CHARS = 20_000;

const clip = (text: string | undefined, limit: number) =>
  text === undefined || text.length <= limit ? text : limit <= 1 ? '…' : `${text.slice(0, limit - 1)}…`;

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * The form a Chinese company answers a complaint in (投诉答复函): salutation with a full-width
 * colon, indented paragraphs, numbered sections (一、二、), the closing 此致 / 敬礼！ on two lines,
 * then the sender and the date in Chinese.
 */
function chineseLetter(c: Complaint, done: readonly ComplaintTask[], date: Date, capa?: Capa): string {
  const indent = '　　'; // two ideographic spaces: the first-line indent of a Chinese paragraph
  const timeZone = companyTimeZone(c);
  const day = (d: Date | string) => formatDay(d, 'zh-CN', timeZone);
  const unit = [c.serialNumber ? `序列号 ${c.serialNumber}` : undefined, `单据 ${c.documentNumber}`].filter(Boolean).join('，');
  const sections: [string, string[]][] = [
    ...(capa ? [['应急措施', [capa.containment]] as [string, string[]]] : []),
    ['处理措施', done.length ? done.map((t, i) => `${i + 1}. ${t.title}${t.notes ? `：${t.notes}` : ''}`) : ['（暂无已完成的处理记录）']],
    ...(capa?.rootCause ? [['原因分析', [`原因类别：${ROOT_CAUSE_CATEGORY_LABELS['zh-CN'][capa.rootCause.category]}。${capa.rootCause.description}`]] as [string, string[]]] : []),
    ...(capa?.correctiveAction ? [['纠正措施', [capa.correctiveAction]] as [string, string[]]] : []),
    ...(capa?.preventiveActions?.length
      ? [['预防措施', capa.preventiveActions.map((a, i) => `${i + 1}. ${a.description}（${actionState(a, 'zh-CN', timeZone)}）`)] as [string, string[]]]
      : []),
    ...(c.customerRequirements ? [['贵司提出的要求', [c.customerRequirements]] as [string, string[]]] : []),
  ];
  return [
    `尊敬的${c.customerName}：`,
    '',
    `${indent}您好！贵司于${day(c.receivedAt)}反映的${c.productName}（${unit}）问题：“${c.description}”，` +
      `我司已受理（投诉编号 ${c.complaintId}）并高度重视。现将处理情况答复如下：`,
    ...sections.flatMap(([heading, lines], i) => ['', `${CHINESE_NUMERALS[i]}、${heading}`, ...lines]),
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

function englishLetter(c: Complaint, done: readonly ComplaintTask[], capa?: Capa): string {
  const timeZone = companyTimeZone(c);
  return [
    `Dear ${c.customerName},`,
    '',
    `Regarding complaint ${c.complaintId} about ${c.productName}` +
      (c.serialNumber ? ` (serial ${c.serialNumber})` : '') +
      ` delivered with ${c.documentNumber}: "${c.description}".`,
    ...(capa ? ['', 'Immediate containment:', capa.containment] : []),
    '',
    'What we did:',
    done.map((t) => `- ${t.title}: ${t.notes ?? ''}`.trimEnd()).join('\n') || '- (no tasks recorded)',
    ...(capa?.rootCause ? ['', `Root cause (${ROOT_CAUSE_CATEGORY_LABELS.en[capa.rootCause.category]}):`, capa.rootCause.description] : []),
    ...(capa?.correctiveAction ? ['', 'Corrective action:', capa.correctiveAction] : []),
    ...(capa?.preventiveActions?.length
      ? ['', 'To prevent a recurrence:', ...capa.preventiveActions.map((a) => `- ${a.description} (${actionState(a, 'en', timeZone)})`)]
      : []),
    ...(c.customerRequirements ? ['', `Your requirements: ${c.customerRequirements}`] : []),
    '',
    'Kind regards,',
    'Customer Service',
  ].join('\n');
}

/** Where a preventive action stands, for the letter: "已验证，2026年3月20日" / "verified on 20 March 2026", or its due date. */
function actionState(a: PreventiveAction, locale: Customer['locale'], timeZone: string): string {
  const label = ACTION_STATUS_LABELS[locale][a.status];
  const when = a.status === 'VERIFIED' ? a.verifiedAt : a.status === 'IMPLEMENTED' ? a.implementedAt : undefined;
  if (locale === 'zh-CN') return when ? `${label}，${formatDay(when, locale, timeZone)}` : `${label}，计划完成日期 ${formatDay(a.dueAt, locale, timeZone)}`;
  return when ? `${label} on ${formatDay(when, locale, timeZone)}` : `${label}, due ${formatDay(a.dueAt, locale, timeZone)}`;
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
