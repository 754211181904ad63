import type { Channel, Complaint, ComplaintTask } from './model.ts';

export type MessageEvent =
  | 'COMPLAINT_CREATED' | 'COMPLAINT_RECLASSIFIED' | 'PLAN_OVERDUE' | 'PLAN_SUBMITTED' | 'TASK_REMINDER' | 'TASK_OVERDUE' | 'ESCALATION'
  | 'TASK_COMPLETED' | 'CAPA_REQUIRED' | 'AWAITING_SALES_CONFIRMATION' | 'RESPONSE_REJECTED' | 'COMPLAINT_CLOSED' | 'RESPONSE' | 'HOLD_OVERDUE'
  | 'FOLLOW_UP_REQUEST' | 'FOLLOW_UP_CHASE' | 'FOLLOW_UP_LOW_SCORE';

export interface Message {
  readonly subject: string;
  readonly body: string;
}

type Locale = 'zh-CN' | 'en';
type TaskFacts = Pick<ComplaintTask, 'taskId' | 'title' | 'dueAt'> & Partial<Pick<ComplaintTask, 'notes' | 'assigneeId'>>;

export interface MessageFacts {
  complaint: Complaint;
  task?: TaskFacts;
  tasks?: readonly TaskFacts[];
  level?: number;
  /** A signed link that lets the recipient act without signing in (shared/domain/action-links.ts). */
  actionLink?: { url: string; expiresAt: string };
  /** Sales sent a revision of the response back: which one, who, and what must change. */
  rejection?: { revision: number; comment?: string; by: string };
  /** A hold left on past the company's limit: since when and why (the task's, or the whole complaint's). */
  hold?: { heldAt: string; reason: string };
  /** The customer's satisfaction answer (a low score told to the service managers). */
  satisfaction?: { rating: number; comment?: string; via: string };
}

/** Subject (email), a one-line text (SMS) and the details an email adds. */
interface Template { subject: string; line: string; details?: string }

const time = (iso: string | undefined, c: Complaint, locale: Locale) => {
  if (!iso) return '-';
  const timeZone = c.sla?.calendar.timeZone ?? 'Asia/Shanghai';
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
};

const capaGaps = (c: Complaint, locale: Locale) => {
  const names = { rootCause: { 'zh-CN': '根本原因', en: 'a root cause' }, preventiveActions: { 'zh-CN': '预防措施', en: 'a preventive action' } };
  return (c.capaMissing ?? ['rootCause', 'preventiveActions']).map((m) => names[m][locale]).join(locale === 'zh-CN' ? '和' : ' and ');
};

/**
 * The complaint's description as one line of a message: whitespace folded (an email's body has
 * many lines), at most 140 characters, without its closing full stop (the sentence goes on).
 */
export function gist(description: string): string {
  const line = description.replace(/\s+/g, ' ').trim();
  const short = [...line].length > 140 ? `${[...line].slice(0, 139).join('').trimEnd()}…` : line;
  return short.replace(/[.。!！?？;；]+$/u, '');
}

const templates: Record<MessageEvent, Record<Locale, (f: MessageFacts) => Template>> = {
  COMPLAINT_CREATED: {
    'zh-CN': ({ complaint: c }) => ({
      subject: `新投诉 ${c.complaintId}（${c.urgency === 'URGENT' ? '紧急' : '一般'}）`,
      line: `新投诉 ${c.complaintId} ${c.customerName} / ${c.productName}：${gist(c.description)}。处理方案截止 ${time(c.planDueAt, c, 'zh-CN')}。`,
      details: `客户要求：${c.customerRequirements ?? '-'}\n单据：${c.documentNumber}，序列号 ${c.serialNumber ?? '-'}，${c.warranty === 'IN_WARRANTY' ? '保修期内' : '已过保修期'}\n解决期限：${time(c.resolutionDueAt, c, 'zh-CN')}`,
    }),
    en: ({ complaint: c }) => ({
      subject: `New ${c.urgency.toLowerCase()} complaint ${c.complaintId}`,
      line: `New complaint ${c.complaintId} ${c.customerName} / ${c.productName}: ${gist(c.description)}. Handling plan due ${time(c.planDueAt, c, 'en')}.`,
      details: `Customer's requirements: ${c.customerRequirements ?? '-'}\nDocument ${c.documentNumber}, serial ${c.serialNumber ?? '-'}, ${c.warranty === 'IN_WARRANTY' ? 'in warranty' : 'out of warranty'}\nResolution due ${time(c.resolutionDueAt, c, 'en')}`,
    }),
  },
  COMPLAINT_RECLASSIFIED: {
    'zh-CN': ({ complaint: c }) => ({
      subject: `投诉改为${c.urgency === 'URGENT' ? '紧急' : '一般'} ${c.complaintId}`,
      line: `投诉 ${c.complaintId} ${c.customerName} / ${c.productName} 已重新分类（${c.category}，${c.urgency === 'URGENT' ? '紧急' : '一般'}），现由您跟进：${gist(c.description)}。解决期限 ${time(c.resolutionDueAt, c, 'zh-CN')}。`,
    }),
    en: ({ complaint: c }) => ({
      subject: `Complaint ${c.complaintId} reclassified (${c.urgency.toLowerCase()})`,
      line: `Complaint ${c.complaintId} ${c.customerName} / ${c.productName} was reclassified (${c.category}, ${c.urgency.toLowerCase()}) and now concerns you: ${gist(c.description)}. Resolution due ${time(c.resolutionDueAt, c, 'en')}.`,
    }),
  },
  PLAN_OVERDUE: {
    'zh-CN': ({ complaint: c }) => ({ subject: `处理方案超期 ${c.complaintId}`, line: `投诉 ${c.complaintId} ${c.customerName} 的处理方案应于 ${time(c.planDueAt, c, 'zh-CN')} 前提交，至今未提交。` }),
    en: ({ complaint: c }) => ({ subject: `Handling plan overdue: ${c.complaintId}`, line: `The handling plan for ${c.complaintId} ${c.customerName} was due ${time(c.planDueAt, c, 'en')} and has not been submitted.` }),
  },
  PLAN_SUBMITTED: {
    'zh-CN': ({ complaint: c, tasks = [] }) => ({
      subject: `投诉 ${c.complaintId} 的处理方案`,
      line: `投诉 ${c.complaintId} 的处理方案：${tasks.map((t) => `${t.title}（${time(t.dueAt, c, 'zh-CN')}前）`).join('；')}`,
      details: `方案：${c.plan?.summary ?? '-'}`,
    }),
    en: ({ complaint: c, tasks = [] }) => ({
      subject: `Handling plan for ${c.complaintId}`,
      line: `Handling plan for ${c.complaintId}: ${tasks.map((t) => `${t.title} (by ${time(t.dueAt, c, 'en')})`).join('; ')}`,
      details: `Plan: ${c.plan?.summary ?? '-'}`,
    }),
  },
  TASK_REMINDER: {
    'zh-CN': ({ complaint: c, task }) => ({ subject: `任务提醒 ${c.complaintId}`, line: `提醒：任务「${task?.title}」须在 ${time(task?.dueAt, c, 'zh-CN')} 前完成（${c.complaintId}）。` }),
    en: ({ complaint: c, task }) => ({ subject: `Reminder: task due on ${c.complaintId}`, line: `Reminder: task "${task?.title}" is due ${time(task?.dueAt, c, 'en')} (${c.complaintId}).` }),
  },
  TASK_OVERDUE: {
    'zh-CN': ({ complaint: c, task }) => ({ subject: `任务超期 ${c.complaintId}`, line: `任务「${task?.title}」已超过期限 ${time(task?.dueAt, c, 'zh-CN')}（${c.complaintId} ${c.customerName}）。` }),
    en: ({ complaint: c, task }) => ({ subject: `Task overdue on ${c.complaintId}`, line: `Task "${task?.title}" passed its deadline ${time(task?.dueAt, c, 'en')} (${c.complaintId} ${c.customerName}).` }),
  },
  ESCALATION: {
    'zh-CN': ({ complaint: c, task, level }) => ({ subject: `升级（第 ${level} 级）${c.complaintId}`, line: `升级第 ${level} 级：任务「${task?.title}」仍未完成，期限 ${time(task?.dueAt, c, 'zh-CN')}（${c.complaintId} ${c.customerName}）。` }),
    en: ({ complaint: c, task, level }) => ({ subject: `Escalation level ${level}: ${c.complaintId}`, line: `Escalation level ${level}: task "${task?.title}" is still open, due ${time(task?.dueAt, c, 'en')} (${c.complaintId} ${c.customerName}).` }),
  },
  TASK_COMPLETED: {
    'zh-CN': ({ complaint: c, task }) => ({ subject: `任务完成 ${c.complaintId}`, line: `任务「${task?.title}」已完成（${c.complaintId}）：${task?.notes ?? ''}` }),
    en: ({ complaint: c, task }) => ({ subject: `Task done on ${c.complaintId}`, line: `Task "${task?.title}" is done (${c.complaintId}): ${task?.notes ?? ''}` }),
  },
  CAPA_REQUIRED: {
    'zh-CN': ({ complaint: c }) => ({
      subject: `请录入根本原因和预防措施 ${c.complaintId}`,
      line: `投诉 ${c.complaintId} ${c.customerName} 的任务已全部完成，但答复须先录入${capaGaps(c, 'zh-CN')}才能起草。`,
    }),
    en: ({ complaint: c }) => ({
      subject: `Record the root cause and preventive action: ${c.complaintId}`,
      line: `All tasks of ${c.complaintId} ${c.customerName} are done, but the response cannot be drafted before the CAPA records ${capaGaps(c, 'en')}.`,
    }),
  },
  AWAITING_SALES_CONFIRMATION: {
    'zh-CN': ({ complaint: c, actionLink: l }) => ({
      subject: `请确认投诉答复 ${c.complaintId}`,
      line: `投诉 ${c.complaintId} ${c.customerName} 的答复（第 ${c.response?.revision} 版）等待您确认后才能发给客户。${l ? `无需登录即可确认或退回（一次有效，${time(l.expiresAt, c, 'zh-CN')} 前）：${l.url}` : ''}`,
      details: c.response?.text,
    }),
    en: ({ complaint: c, actionLink: l }) => ({
      subject: `Confirm the response to ${c.complaintId}`,
      line: `The response to ${c.complaintId} ${c.customerName} (revision ${c.response?.revision}) waits for your confirmation before it reaches the customer.${l ? ` Confirm or reject without signing in (once, until ${time(l.expiresAt, c, 'en')}): ${l.url}` : ''}`,
      details: c.response?.text,
    }),
  },
  RESPONSE_REJECTED: {
    'zh-CN': ({ complaint: c, rejection: r }) => ({
      subject: `投诉答复被退回 ${c.complaintId}（第 ${r?.revision} 版）`,
      line: `投诉 ${c.complaintId} ${c.customerName} 的答复（第 ${r?.revision} 版）被 ${r?.by} 退回，请修改后重新提交。退回意见：${r?.comment ?? '-'}`,
    }),
    en: ({ complaint: c, rejection: r }) => ({
      subject: `Response to ${c.complaintId} rejected (revision ${r?.revision})`,
      line: `${r?.by} rejected the response to ${c.complaintId} ${c.customerName} (revision ${r?.revision}); please revise it and submit it again. Comment: ${r?.comment ?? '-'}`,
    }),
  },
  COMPLAINT_CLOSED: {
    'zh-CN': ({ complaint: c }) => ({ subject: `投诉已关闭 ${c.complaintId}`, line: `投诉 ${c.complaintId} ${c.customerName} 已答复客户并关闭。` }),
    en: ({ complaint: c }) => ({ subject: `Complaint closed ${c.complaintId}`, line: `Complaint ${c.complaintId} ${c.customerName} was answered and closed.` }),
  },
  HOLD_OVERDUE: {
    'zh-CN': ({ complaint: c, task, hold }) => ({
      subject: `暂停超期 ${c.complaintId}`,
      line: `${task ? `投诉 ${c.complaintId} 的任务「${task.title}」` : `投诉 ${c.complaintId}`}（${c.customerName}）自 ${time(hold?.heldAt, c, 'zh-CN')} 起暂停，已超过期限仍未恢复，请跟进。暂停原因：${hold?.reason ?? '-'}`,
    }),
    en: ({ complaint: c, task, hold }) => ({
      subject: `On hold too long: ${c.complaintId}`,
      line: `${task ? `Task "${task.title}" of complaint ${c.complaintId}` : `Complaint ${c.complaintId}`} (${c.customerName}) has been on hold since ${time(hold?.heldAt, c, 'en')}, past the limit; please follow up. Reason: ${hold?.reason ?? '-'}`,
    }),
  },
  // With documents: the short message, the letter below it in an email (the documents attached),
  // and in an SMS a signed link to download them. Without: the letter itself.
  RESPONSE: {
    'zh-CN': ({ complaint: c, actionLink: l }) => ({
      subject: `关于您的投诉 ${c.complaintId} 的答复`,
      line: c.response?.messageBody ? `${c.response.messageBody}${l ? ` 下载答复文件（${time(l.expiresAt, c, 'zh-CN')} 前有效）：${l.url}` : ''}` : c.response?.text ?? '',
      details: c.response?.messageBody ? c.response.text : undefined,
    }),
    en: ({ complaint: c, actionLink: l }) => ({
      subject: `Our response to your complaint ${c.complaintId}`,
      line: c.response?.messageBody ? `${c.response.messageBody}${l ? ` Download the documents (until ${time(l.expiresAt, c, 'en')}): ${l.url}` : ''}` : c.response?.text ?? '',
      details: c.response?.messageBody ? c.response.text : undefined,
    }),
  },
  // To the customer, with a signed link (the same person the response went to).
  FOLLOW_UP_REQUEST: {
    'zh-CN': ({ complaint: c, actionLink: l }) => ({
      subject: `满意度回访：投诉 ${c.complaintId}`,
      line: `您好！关于您的投诉 ${c.complaintId}（${c.productName}），我们已答复并结案。请为我们的处理打分（1–5 分）并留下意见，无需登录，仅限一次（${time(l?.expiresAt, c, 'zh-CN')} 前有效）：${l?.url ?? ''}`,
    }),
    en: ({ complaint: c, actionLink: l }) => ({
      subject: `How did we do? Complaint ${c.complaintId}`,
      line: `We answered and closed your complaint ${c.complaintId} about ${c.productName}. Please rate how we handled it (1 to 5) and leave a comment, without signing in, once, until ${time(l?.expiresAt, c, 'en')}: ${l?.url ?? ''}`,
    }),
  },
  FOLLOW_UP_CHASE: {
    'zh-CN': ({ complaint: c, actionLink: l }) => ({
      subject: `提醒：满意度回访 投诉 ${c.complaintId}`,
      line: `您好！我们尚未收到您对投诉 ${c.complaintId}（${c.productName}）处理结果的评价。请花一分钟打分（1–5 分），无需登录，仅限一次（${time(l?.expiresAt, c, 'zh-CN')} 前有效）：${l?.url ?? ''}`,
    }),
    en: ({ complaint: c, actionLink: l }) => ({
      subject: `Reminder: how did we do? Complaint ${c.complaintId}`,
      line: `We have not yet heard how satisfied you are with how we handled complaint ${c.complaintId} about ${c.productName}. Please rate it (1 to 5), without signing in, once, until ${time(l?.expiresAt, c, 'en')}: ${l?.url ?? ''}`,
    }),
  },
  // To the service managers.
  FOLLOW_UP_LOW_SCORE: {
    'zh-CN': ({ complaint: c, satisfaction: s }) => ({
      subject: `回访低分 ${c.complaintId}（${s?.rating} 分）`,
      line: `投诉 ${c.complaintId} ${c.customerName} 的回访评分为 ${s?.rating} 分（满分 5 分，${s?.via === 'PHONE_CALL' ? '电话回访' : '客户在线评价'}）。意见：${s?.comment ?? '-'}。如需重新处理，经理可重新打开该投诉。`,
    }),
    en: ({ complaint: c, satisfaction: s }) => ({
      subject: `Low satisfaction on ${c.complaintId} (${s?.rating} of 5)`,
      line: `${c.customerName} rated the handling of complaint ${c.complaintId} ${s?.rating} of 5 (${s?.via === 'PHONE_CALL' ? 'follow-up call' : 'signed link'}). Comment: ${s?.comment ?? '-'}. A manager may reopen the complaint for another round.`,
    }),
  },
};

/** The message for one event, in the recipient's language, shaped for the channel. */
export function renderMessage(event: MessageEvent, locale: Locale, facts: MessageFacts, channel: Channel = 'EMAIL'): Message {
  const t = templates[event][locale](facts);
  return { subject: t.subject, body: channel === 'EMAIL' && t.details ? `${t.line}\n\n${t.details}` : t.line };
}
