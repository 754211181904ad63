import type { ResponseContent } from './response-content.ts';

/**
 * The built-in documents as a few kinds of block, laid out once here and drawn twice: as DOCX
 * (docx-render.ts) and as PDF (pdf-render.ts), so both files of a response say the same.
 */
export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  /** Line breaks in `text` are kept. */
  | { kind: 'paragraph'; text: string }
  /** Label and value pairs, drawn as a two-column table. */
  | { kind: 'fields'; rows: [label: string, value: string][] }
  | { kind: 'table'; header: string[]; rows: string[][]; widths: number[] };

export interface Layout {
  /** The document's title (also its PDF/DOCX metadata title). */
  title: string;
  blocks: Block[];
}

/** The formal letter: a title, then the letter text line by line (its blank lines separate paragraphs). */
export function letterLayout(c: ResponseContent): Layout {
  const title = c.locale === 'zh-CN' ? `投诉答复函（${c.complaintId}）` : `Response to complaint ${c.complaintId}`;
  return { title, blocks: [{ kind: 'title', text: title }, ...letterParagraphs(c.letterText)] };
}

/** Lines separated by a blank line are one paragraph, keeping their line breaks. */
const letterParagraphs = (text: string): Block[] =>
  text.split(/\n[ \t]*\n/).map((p) => ({ kind: 'paragraph', text: p.replace(/^\n+|\n+$/g, '') }));

const WORDS = {
  'zh-CN': {
    title: '8D 报告',
    notRecorded: '（未记录）',
    complaintId: '投诉编号', customer: '客户', contact: '联系人', product: '产品', serialNumber: '序列号',
    documentNumber: '单据号', receivedDate: '投诉日期', responseDate: '报告日期',
    d1: 'D1 成立小组', d2: 'D2 问题描述', d3: 'D3 临时围堵措施', d4: 'D4 根本原因分析',
    d5: 'D5 选定永久纠正措施', d6: 'D6 实施并验证纠正措施', d7: 'D7 预防再发生', d8: 'D8 结案与团队祝贺',
    requirements: '客户要求', category: '原因类别', rootCause: '根本原因',
    task: '措施', assignee: '负责人', due: '期限', completed: '完成日期', notes: '结果',
    action: '预防措施', owner: '负责人', status: '状态', verified: '验证人 / 日期',
    noTasks: '（暂无处理任务）', noActions: '（暂无预防措施）',
    closure: (c: ResponseContent) => `本报告于${c.responseDate}提交${c.customerName}，投诉 ${c.complaintId} 的处理至此结案。感谢小组成员的努力：${c.team.map((p) => p.name).join('、') || '—'}。`,
  },
  en: {
    title: '8D Report',
    notRecorded: '(not recorded)',
    complaintId: 'Complaint', customer: 'Customer', contact: 'Contact', product: 'Product', serialNumber: 'Serial number',
    documentNumber: 'Order / delivery note', receivedDate: 'Received', responseDate: 'Report date',
    d1: 'D1 Team', d2: 'D2 Problem description', d3: 'D3 Containment action', d4: 'D4 Root cause',
    d5: 'D5 Chosen permanent corrective action', d6: 'D6 Implemented corrective actions and verification',
    d7: 'D7 Actions to prevent recurrence', d8: 'D8 Closure and team recognition',
    requirements: 'Customer requirements', category: 'Category', rootCause: 'Root cause',
    task: 'Action', assignee: 'Assignee', due: 'Due', completed: 'Completed', notes: 'Result',
    action: 'Preventive action', owner: 'Owner', status: 'Status', verified: 'Verified by / on',
    noTasks: '(no tasks recorded)', noActions: '(no preventive actions recorded)',
    closure: (c: ResponseContent) => `This report was issued to ${c.customerName} on ${c.responseDate}, closing complaint ${c.complaintId}. Thanks to the team: ${c.team.map((p) => p.name).join(', ') || '—'}.`,
  },
} as const;

/**
 * The 8D report (D1 team … D8 closure) filled from the complaint, its tasks and its CAPA, with
 * headings in the customer's language. What is not recorded yet says so rather than vanishing,
 * so a reader sees the gap.
 */
export function eightDLayout(c: ResponseContent): Layout {
  const w = WORDS[c.locale];
  const or = (text: string) => text || w.notRecorded;
  const title = `${w.title} – ${c.complaintId}`;
  const verified = (a: ResponseContent['preventiveActions'][number]) => [a.verifiedBy, a.verifiedDate].filter(Boolean).join(' / ');
  return {
    title,
    blocks: [
      { kind: 'title', text: title },
      {
        kind: 'fields',
        rows: [
          [w.complaintId, c.complaintId],
          [w.customer, `${c.customerName} (${c.customerCode})`],
          ...(c.contactName ? [[w.contact, c.contactName] as [string, string]] : []),
          [w.product, `${c.productName} (${c.productCode})`],
          ...(c.serialNumber ? [[w.serialNumber, c.serialNumber] as [string, string]] : []),
          [w.documentNumber, c.documentNumber],
          [w.receivedDate, c.receivedDate],
          [w.responseDate, c.responseDate],
        ],
      },
      { kind: 'heading', text: w.d1 },
      { kind: 'paragraph', text: or(c.team.map((p) => p.name).join(c.locale === 'zh-CN' ? '、' : ', ')) },
      { kind: 'heading', text: w.d2 },
      { kind: 'paragraph', text: c.description },
      ...(c.customerRequirements ? [{ kind: 'fields', rows: [[w.requirements, c.customerRequirements]] } as Block] : []),
      { kind: 'heading', text: w.d3 },
      { kind: 'paragraph', text: or(c.containment) },
      { kind: 'heading', text: w.d4 },
      { kind: 'fields', rows: [[w.category, or(c.rootCauseCategory)], [w.rootCause, or(c.rootCause)]] },
      { kind: 'heading', text: w.d5 },
      { kind: 'paragraph', text: or(c.correctiveAction) },
      { kind: 'heading', text: w.d6 },
      c.tasks.length
        ? {
          kind: 'table',
          header: [w.task, w.assignee, w.due, w.completed, w.notes],
          rows: c.tasks.map((t) => [t.title, t.assignee, t.dueDate, t.completedDate, t.notes]),
          widths: [3, 2, 2.6, 2.6, 4],
        }
        : { kind: 'paragraph', text: w.noTasks },
      { kind: 'heading', text: w.d7 },
      c.preventiveActions.length
        ? {
          kind: 'table',
          header: [w.action, w.owner, w.due, w.status, w.verified],
          rows: c.preventiveActions.map((a) => [a.description, a.owner, a.dueDate, a.status, verified(a)]),
          widths: [4, 2, 2.6, 1.6, 3.2],
        }
        : { kind: 'paragraph', text: w.noActions },
      { kind: 'heading', text: w.d8 },
      { kind: 'paragraph', text: w.closure(c) },
    ],
  };
}
