import { createContext, useContext } from 'react';

/**
 * The console's words in both locales. A key missing from one locale is a type error; no i18n
 * library (two locales, a table is 0.3 kB against ~17 kB).
 */
const en = {
  appName: 'Complaint desk',
  signIn: 'Sign in',
  signOut: 'Sign out',
  username: 'User name',
  password: 'Password',
  signingIn: 'Signing in…',
  signInFailed: 'The user name or the password is wrong. Check them and try again.',
  signInUnavailable: 'Sign-in is not available right now ({reason}). Try again in a minute.',
  language: 'Language',
  openComplaints: 'Open complaints',
  noOpenComplaints: 'No open complaints. New ones appear here as they are recorded.',
  loading: 'Loading…',
  more: 'Show more',
  complaint: 'Complaint',
  customer: 'Customer',
  product: 'Product',
  status: 'Status',
  urgency: 'Urgency',
  category: 'Category',
  received: 'Received',
  due: 'Due',
  sla: 'SLA',
  slaLeft: '{time} left',
  slaOverdue: 'overdue by {time}',
  slaNone: 'no deadline yet',
  tasks: 'Tasks',
  noTasks: 'No tasks yet: the quality manager plans them.',
  timeline: 'Timeline',
  messages: 'Messages sent',
  noMessages: 'No messages sent yet.',
  attachments: 'Attachments',
  noAttachments: 'No attachments.',
  description: 'Description',
  requirements: "Customer's requirements",
  document: 'Document',
  back: 'Back to the list',
  failed: 'Could not load this: {reason}',
  retry: 'Try again',
  signedOutExpired: 'Your session ended. Sign in again.',
  forbidden: 'You may not see this (your role does not allow it).',
  notFound: 'Not found.',
  myTasks: 'My tasks',
  noTasksForMe: 'No open tasks. Tasks planned for you appear here with their deadlines.',
  task: 'Task',
  completeTask: 'Complete',
  notes: 'What was done',
  saving: 'Saving…',
  taskDone: 'Done: {task}',
  cancel: 'Cancel',
  emailIntake: 'Email intake',
  noEmails: 'No emails waiting. Emails to the complaint address that are not replies appear here.',
  from: 'From',
  subject: 'Subject',
  match: 'Customer',
  age: 'Waiting',
  unmatched: 'not on file',
  ambiguous: 'several customers',
  unverified: 'sender not verified',
  attachmentsCount: '{count} file(s)',
  navigation: 'Main',
  capa: 'Root cause and prevention',
  noCapa: 'Not recorded yet.',
  containment: 'Containment',
  rootCause: 'Root cause',
  correctiveAction: 'Corrective action',
  preventiveActions: 'Preventive actions',
  response: 'Response to the customer',
  noResponse: 'Not drafted yet.',
  decision: 'Decision',
  reports: 'Reports',
  slaCompliance: 'SLA compliance',
  customerStatus: 'Complaints by customer',
  month: 'Month',
  planOnTime: 'Plan on time %',
  resolutionOnTime: 'Resolution on time %',
  receivedCount: 'Received',
  doneCount: 'Done',
  inProgress: 'In progress',
  downloadCsv: 'Download CSV',
  noData: 'Nothing in this period yet.',
  chartOf: 'Chart: {what}',
  makeComplaint: 'Make a complaint',
  dismiss: 'Dismiss',
  dismissReason: 'Why it is not a complaint',
  documentNumber: 'Order or delivery-note number',
  create: 'Create the complaint',
  created: 'Complaint {id} created from the email.',
  dismissed: 'Dismissed.',
  awaitingConfirmation: 'Awaiting my confirmation',
  noConfirmations: 'No responses are waiting for your confirmation.',
  review: 'Review the response',
  revision: 'Revision {n}',
  documents: 'Documents',
  confirm: 'Confirm and send',
  reject: 'Send back',
  comment: 'Comment (required to send back)',
  confirmed: 'Confirmed: {id} goes to the customer.',
  rejected: 'Sent back: {id} returns to the quality manager.',
} as const;

type Key = keyof typeof en;

const zh: Record<Key, string> = {
  appName: '客诉处理台',
  signIn: '登录',
  signOut: '退出',
  username: '用户名',
  password: '密码',
  signingIn: '正在登录…',
  signInFailed: '用户名或密码不正确，请检查后重试。',
  signInUnavailable: '暂时无法登录（{reason}），请稍后再试。',
  language: '语言',
  openComplaints: '未结投诉',
  noOpenComplaints: '没有未结投诉。新的投诉记录后会显示在这里。',
  loading: '加载中…',
  more: '显示更多',
  complaint: '投诉',
  customer: '客户',
  product: '产品',
  status: '状态',
  urgency: '紧急程度',
  category: '类别',
  received: '受理时间',
  due: '期限',
  sla: '时效',
  slaLeft: '剩余 {time}',
  slaOverdue: '已超时 {time}',
  slaNone: '尚无期限',
  tasks: '任务',
  noTasks: '尚无任务，由质量经理制定处理方案。',
  timeline: '处理记录',
  messages: '已发送的消息',
  noMessages: '尚未发送消息。',
  attachments: '附件',
  noAttachments: '没有附件。',
  description: '问题描述',
  requirements: '客户要求',
  document: '单据',
  back: '返回列表',
  failed: '加载失败：{reason}',
  retry: '重试',
  signedOutExpired: '登录已过期，请重新登录。',
  forbidden: '您的角色无权查看此内容。',
  notFound: '未找到。',
  myTasks: '我的任务',
  noTasksForMe: '没有待办任务。分配给您的任务会连同期限显示在这里。',
  task: '任务',
  completeTask: '完成',
  notes: '处理说明',
  saving: '正在保存…',
  taskDone: '已完成：{task}',
  cancel: '取消',
  emailIntake: '邮件受理',
  noEmails: '没有待处理的邮件。发到投诉邮箱且不是回复的邮件会显示在这里。',
  from: '发件人',
  subject: '主题',
  match: '客户',
  age: '等待',
  unmatched: '未匹配客户',
  ambiguous: '匹配多个客户',
  unverified: '发件人未验证',
  attachmentsCount: '{count} 个附件',
  navigation: '主菜单',
  capa: '原因分析与预防措施',
  noCapa: '尚未录入。',
  containment: '应急措施',
  rootCause: '根本原因',
  correctiveAction: '纠正措施',
  preventiveActions: '预防措施',
  response: '给客户的答复',
  noResponse: '尚未起草。',
  decision: '决定',
  reports: '报表',
  slaCompliance: '时效达成',
  customerStatus: '客户投诉状况',
  month: '月份',
  planOnTime: '方案按时率 %',
  resolutionOnTime: '解决按时率 %',
  receivedCount: '受理',
  doneCount: '已完成',
  inProgress: '处理中',
  downloadCsv: '下载 CSV',
  noData: '本期暂无数据。',
  chartOf: '图表：{what}',
  makeComplaint: '转为投诉',
  dismiss: '忽略',
  dismissReason: '不是投诉的原因',
  documentNumber: '订单或送货单号',
  create: '创建投诉',
  created: '已根据邮件创建投诉 {id}。',
  dismissed: '已忽略。',
  awaitingConfirmation: '待我确认',
  noConfirmations: '没有等待您确认的答复。',
  review: '查看答复',
  revision: '第 {n} 版',
  documents: '文件',
  confirm: '确认并发送',
  reject: '退回',
  comment: '意见（退回时必填）',
  confirmed: '已确认：{id} 的答复将发给客户。',
  rejected: '已退回：{id} 交回质量经理修改。',
};

const tables = { en, 'zh-CN': zh } as const;
export type Locale = keyof typeof tables;
export const LOCALES: Locale[] = ['zh-CN', 'en'];

export type Translate = (key: Key, values?: Record<string, string | number>) => string;
export const translator = (locale: Locale): Translate => (key, values = {}) =>
  tables[locale][key].replace(/\{(\w+)\}/g, (_m, name: string) => String(values[name] ?? `{${name}}`));

export const LocaleContext = createContext<Locale>('zh-CN');
export const useT = () => translator(useContext(LocaleContext));
export const useLocale = () => useContext(LocaleContext);

/** A duration in the locale's words: 2 d 3 h, 45 min. */
export function duration(ms: number, locale: Locale): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const unit = locale === 'zh-CN' ? { d: '天', h: '小时', m: '分钟' } : { d: ' d', h: ' h', m: ' min' };
  if (d) return `${d}${unit.d} ${h}${unit.h}`;
  if (h) return `${h}${unit.h} ${m}${unit.m}`;
  return `${m}${unit.m}`;
}

export const dateTime = (iso: string | undefined, locale: Locale) =>
  iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '–';

/** The API's codes in people's words (the codes stay in the data and the API). */
const CODE_LABELS: Record<Locale, Record<string, string>> = {
  en: {
    RECEIVED: 'Received', CLASSIFIED: 'Classified', AWAITING_PLAN: 'Awaiting the plan', IN_PROGRESS: 'In progress', AWAITING_CAPA: 'Awaiting root cause and prevention',
    AWAITING_SALES_CONFIRMATION: 'Awaiting sales confirmation', REVISION_REQUESTED: 'Revision requested', CONFIRMED: 'Confirmed', RESPONDED: 'Responded', CLOSED: 'Closed',
    URGENT: 'Urgent', NORMAL: 'Normal',
    PRODUCT_QUALITY: 'Product quality', DELIVERY: 'Delivery', SERVICE: 'Service', BILLING: 'Billing', OTHER: 'Other',
    OPEN: 'Open', DONE: 'Done', PLANNED: 'Planned', IMPLEMENTED: 'Implemented', VERIFIED: 'Verified', CANCELLED: 'Cancelled',
    CONFIRMED_DECISION: 'Confirmed', REJECTED: 'Sent back',
  },
  'zh-CN': {
    RECEIVED: '已受理', CLASSIFIED: '已分类', AWAITING_PLAN: '待制定方案', IN_PROGRESS: '处理中', AWAITING_CAPA: '待原因分析与预防措施',
    AWAITING_SALES_CONFIRMATION: '待销售确认', REVISION_REQUESTED: '待修改答复', CONFIRMED: '已确认', RESPONDED: '已答复', CLOSED: '已关闭',
    URGENT: '紧急', NORMAL: '一般',
    PRODUCT_QUALITY: '产品质量', DELIVERY: '交付', SERVICE: '服务', BILLING: '账务', OTHER: '其他',
    OPEN: '进行中', DONE: '已完成', PLANNED: '计划中', IMPLEMENTED: '已实施', VERIFIED: '已验证', CANCELLED: '已取消',
    CONFIRMED_DECISION: '已确认', REJECTED: '已退回',
  },
};

/** A code as the person reads it, with the code itself for anyone who needs it (e.g. AWAITING_PLAN). */
export const useLabel = () => {
  const locale = useContext(LocaleContext);
  return (code: string) => CODE_LABELS[locale][code] ?? code;
};
