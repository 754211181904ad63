import type { Complaint, ComplaintTask } from './model.ts';

export type MessageEvent = 'COMPLAINT_CREATED' | 'SLA_ALERT' | 'AWAITING_SALES_CONFIRMATION' | 'RESPONSE';

export interface Message {
  readonly subject: string;
  readonly body: string;
}

type Locale = 'zh-CN' | 'en';

/** Short enough for one SMS segment set; the email carries the same facts with a subject. */
export function renderMessage(
  event: MessageEvent,
  locale: Locale,
  complaint: Complaint,
  task?: Pick<ComplaintTask, 'title' | 'dueAt'>,
): Message {
  const ref = `${complaint.complaintId} ${complaint.customerName} / ${complaint.productName}`;
  const zh = locale === 'zh-CN';
  switch (event) {
    case 'COMPLAINT_CREATED':
      return zh
        ? { subject: `新投诉 ${complaint.complaintId}（${urgencyZh(complaint)}）`,
            body: `新投诉 ${ref}：${complaint.description}。处理方案截止 ${complaint.planDueAt ?? '-'}。` }
        : { subject: `New ${complaint.urgency.toLowerCase()} complaint ${complaint.complaintId}`,
            body: `New complaint ${ref}: ${complaint.description}. Handling plan due ${complaint.planDueAt ?? '-'}.` };
    case 'SLA_ALERT':
      return zh
        ? { subject: `任务超期 ${complaint.complaintId}`, body: `任务「${task?.title}」已超过期限 ${task?.dueAt}（${ref}）。` }
        : { subject: `Task overdue on ${complaint.complaintId}`, body: `Task "${task?.title}" passed its deadline ${task?.dueAt} (${ref}).` };
    case 'AWAITING_SALES_CONFIRMATION':
      return zh
        ? { subject: `请确认投诉答复 ${complaint.complaintId}`, body: `投诉 ${ref} 的答复（第 ${complaint.response?.revision} 版）等待您确认后才能发给客户。` }
        : { subject: `Confirm the response to ${complaint.complaintId}`,
            body: `The response to ${ref} (revision ${complaint.response?.revision}) waits for your confirmation before it reaches the customer.` };
    case 'RESPONSE':
      return zh
        ? { subject: `关于您的投诉 ${complaint.complaintId} 的答复`, body: complaint.response?.text ?? '' }
        : { subject: `Our response to your complaint ${complaint.complaintId}`, body: complaint.response?.text ?? '' };
  }
}

const urgencyZh = (c: Complaint) => (c.urgency === 'URGENT' ? '紧急' : '一般');
