import type { Complaint, ComplaintTask, Customer } from './model.ts';

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
  return letter.locale === 'zh-CN' ? chineseLetter(complaint, done, letter.date) : englishLetter(complaint, done);
}

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
