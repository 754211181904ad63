import { z } from 'zod';
import { ActionPurpose } from '../domain/action-links.ts';
import { AttachmentRequest, type Attachment } from '../domain/attachments.ts';
import { Capa } from '../domain/capa.ts';
import { ResponseFormatKind } from '../domain/response-revision.ts';
import { BusinessCalendar } from '../domain/calendar.ts';
import { ImportKind, ImportMode, type RowReport } from '../domain/master-data-import.ts';
import {
  Category, Channel, ComplaintStatus, Customer, Person, Role, SalesDocument, Urgency,
  type Complaint, type ComplaintTask, type ResponseDraft,
} from '../domain/model.ts';
import { Rules, SlaPolicy, type Checkpoint } from '../domain/rules.ts';
import type { SlaState } from '../domain/sla.ts';
import type { ImportResult } from '../services/master-data-import.ts';
import type { ScreenPopCustomer } from '../services/screen-pop.ts';
import type { TimelineEvent } from '../store/complaints.ts';
import type { StoredCapa } from '../store/capa.ts';
import type { StoredRules } from '../store/rules.ts';
import type { RouteId } from './contract.ts';
import type { FollowUp } from '../domain/follow-up.ts';
import type { ComplaintRow, TaskRow } from '../domain/projections.ts';
import type {
  AssigneeProgressRow, ComplaintProgressRow, CustomerComplaintRow, PreventiveMeasureRow, SlaComplianceRow,
} from '../domain/reports.ts';

/**
 * The HTTP contract's answers: the body of every response, by route id and status, beside the
 * request schemas of ./contract.ts. The handlers' return types are checked against `answers`
 * (shared/lambda/http-handler.ts), infra/openapi.ts describes them, and
 * test/integration/contract-responses.test.ts parses real answers with them. Like contract.ts,
 * this module has no side effects (only types come from the store and the services).
 *
 * Where the domain has a zod schema (customers, documents, people, rules) it is reused. Where it
 * has only a TypeScript type (Complaint, ComplaintTask, …) the schema is written here and held to
 * that type by `sameShape` below: a field added to the type and not here fails to compile.
 * Fields the handlers strip (task tokens) are `absent`: a response carrying them is refused.
 */

const instant = z.iso.datetime({ offset: true });
/** A field the API never sends (the workflow's task tokens): present means a leak. */
const absent = z.never().optional().describe('Never sent (internal to the workflow)');
const Warranty = z.enum(['IN_WARRANTY', 'OUT_OF_WARRANTY']);

export const ResponseDocumentView = z.object({
  name: z.string(),
  contentType: z.string(),
  objectKey: z.string(),
  sha256: z.string().describe('SHA-256 of the bytes, hex'),
  sizeBytes: z.number().int().min(0),
});

export const ResponseDraftView = z.object({
  revision: z.number().int().min(1),
  text: z.string(),
  documents: z.array(ResponseDocumentView).optional().describe("The revision's documents in the customer's format"),
  format: z.enum(['LETTER', '8D', 'TEMPLATE']).optional().describe('LETTER, 8D or the customer\'s TEMPLATE'),
  messageBody: z.string().optional().describe('The short text the documents are sent with'),
  preventiveActionIds: z.array(z.string()).optional().describe('The preventive actions the documents contain (marked fed back on delivery)'),
  contentHash: z.string().optional().describe('What the salesperson confirms (send it as contentHash): SHA-256 over the text and each document'),
  decision: z.enum(['CONFIRMED', 'REJECTED']).optional(),
  decidedBy: z.string().optional(),
  decidedAt: instant.optional(),
  comment: z.string().optional(),
  sentTo: z.object({
    channel: Channel,
    address: z.string(),
    contactName: z.string().optional().describe("The customer's contact it went to (absent for the general address)"),
    basis: z.enum(['COMPLAINT_CONTACT', 'CUSTOMER_DEFAULT']),
  }).optional().describe('Where the confirmed response was sent, and why there'),
});

/** A hold while waiting on the customer (shared/domain/holds.ts). */
export const HoldView = z.object({
  heldAt: instant,
  heldBy: z.string(),
  reason: z.string(),
  chaseAt: instant.describe('When the hold is chased if still on (the company limit, in working days)'),
  chasedAt: instant.optional(),
});

const SpanView = z.object({ amount: z.number(), unit: z.enum(['minutes', 'hours', 'days']), basis: z.enum(['calendar', 'working']) });

/** The follow-up after close (shared/domain/follow-up.ts): when the customer is asked, and the answer. */
export const FollowUpView = z.object({
  round: z.number().int().min(1).describe('The handling round it follows up'),
  status: z.enum(['SCHEDULED', 'SENT', 'CHASED', 'ANSWERED', 'UNANSWERED']),
  rules: z.object({
    after: SpanView, chaseAfter: SpanView, lowScoreAtMost: z.number().int(), linkValidDays: z.number().int(), channel: z.enum(['AS_RESPONSE', 'EMAIL', 'SMS']),
  }).describe('The follow-up rules in force at the close'),
  dueAt: instant.describe('When the request goes out'),
  scheduledAt: instant,
  sentTo: ResponseDraftView.shape.sentTo.describe('Where the request went: the person the response went to'),
  sentAt: instant.optional(),
  chaseAt: instant.optional().describe('When an unanswered request is chased (once)'),
  chasedAt: instant.optional(),
  giveUpAt: instant.optional().describe('When a chased request is recorded unanswered'),
  unansweredAt: instant.optional(),
  unansweredReason: z.string().optional(),
  rating: z.number().int().min(1).max(5).optional(),
  comment: z.string().optional(),
  lowScore: z.boolean().optional().describe('At or below the low-score limit: the service managers were told'),
  answeredAt: instant.optional(),
  answeredBy: z.string().optional().describe("The customer's code (link) or the agent's person id (call)"),
  via: z.enum(['SIGNED_LINK', 'PHONE_CALL']).optional(),
});

/** A complaint as the API shows it: everything recorded except the workflow's task tokens. */
export const ComplaintView = z.object({
  complaintId: z.string(),
  status: ComplaintStatus,
  customerCode: z.string(),
  customerName: z.string(),
  documentNumber: z.string(),
  productCode: z.string(),
  productName: z.string(),
  serialNumber: z.string().optional(),
  shipDate: z.iso.date(),
  warranty: Warranty,
  salespersonId: z.string(),
  description: z.string(),
  customerRequirements: z.string().optional(),
  contactName: z.string().optional(),
  contactPhone: z.string().optional(),
  preferredVisitTime: z.string().optional(),
  callId: z.string().optional(),
  emailIntakeId: z.string().optional().describe('The email it was made from (GET /email-intake/{inboundId})'),
  openKeys: z.array(z.string()).optional(),
  executionId: z.string().optional(),
  slaPolicy: z.string().optional(),
  sla: z.object({ policy: SlaPolicy, calendar: BusinessCalendar }).optional(),
  watchers: z.array(z.string()).optional(),
  urgency: Urgency,
  category: Category,
  recordedBy: z.string(),
  receivedAt: instant,
  planDueAt: instant.optional(),
  resolutionDueAt: instant.optional(),
  plan: z.object({ submittedBy: z.string(), submittedAt: instant, summary: z.string() }).optional(),
  planOverdueAt: instant.optional(),
  response: ResponseDraftView.optional(),
  capaMissing: z.array(z.enum(['rootCause', 'preventiveActions'])).optional()
    .describe('While AWAITING_CAPA: what the CAPA lacks before the response can be drafted (company policy)'),
  stepTokens: absent,
  respondedAt: instant.optional(),
  closedAt: instant.optional(),
  hold: HoldView.optional().describe("On hold: every open task's clock is paused"),
  heldWorkingMinutes: z.number().min(0).optional().describe('Working minutes held in all'),
  followUp: FollowUpView.optional().describe("The customer's satisfaction after the close"),
  round: z.number().int().min(1).optional().describe('The handling round: absent for the first, 2… after each reopen'),
  rounds: z.array(z.object({
    round: z.number().int().min(1),
    plan: z.object({ submittedBy: z.string(), submittedAt: instant, summary: z.string() }).optional(),
    response: ResponseDraftView.optional(),
    followUp: FollowUpView.optional(),
    planDueAt: instant.optional(),
    resolutionDueAt: instant.optional(),
    planOverdueAt: instant.optional(),
    respondedAt: instant.optional(),
    closedAt: instant.optional(),
    reopenedAt: instant,
    reopenedBy: z.string(),
    reason: z.string(),
  })).optional().describe('Earlier rounds as they were closed, oldest first'),
});

export const CheckpointView = z.object({
  at: instant,
  kind: z.enum(['REMINDER', 'ESCALATION']),
  level: z.number().int().min(1),
  roles: z.array(Role),
});

export const TaskView = z.object({
  complaintId: z.string(),
  taskId: z.string(),
  title: z.string(),
  assigneeId: z.string(),
  dueAt: instant,
  status: z.enum(['OPEN', 'DONE']),
  investigation: z.boolean().optional().describe('The investigation of the cause: its assignee may record the CAPA'),
  round: z.number().int().min(1).optional().describe('The handling round it was planned in (absent: 1)'),
  notes: z.string().optional(),
  completedBy: z.string().optional(),
  completedAt: instant.optional(),
  stepToken: absent,
  checkpoints: z.array(CheckpointView).optional(),
  firedCheckpoints: z.array(z.number().int().min(0)).optional(),
  hold: HoldView.optional().describe("On hold: the task's clock is paused"),
  heldWorkingMinutes: z.number().min(0).optional().describe('Working minutes its clock was paused, in all'),
  holdVersion: z.number().int().min(0).optional().describe('How many hold changes touched the task'),
});

export const AttachmentView = AttachmentRequest.extend({
  complaintId: z.string(),
  attachmentId: z.uuid(),
  objectKey: z.string(),
  status: z.enum(['PENDING', 'UPLOADED', 'REJECTED']),
  addedBy: z.string(),
  addedAt: instant,
  uploadedAt: instant.optional(),
  rejection: z.string().optional(),
});

/** One entry of a complaint's timeline; `detail` depends on `type`. */
export const TimelineEntry = z.object({
  complaintId: z.string(),
  at: instant,
  type: z.string().describe('RECEIVED, CLASSIFIED, PLAN_SUBMITTED, TASK_COMPLETED, SLA_ALERT, RESPONSE_CONFIRMED, CLOSED, …'),
  actor: z.string().describe('A person id, or "system"'),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type TimelineEntry = z.output<typeof TimelineEntry>;

/** One message about the complaint (shared/notifications/deliver.ts): claimed, then sent or failed. */
export const DeliveryEntry = z.object({
  complaintId: z.string(),
  event: z.string().describe('What the message is about, e.g. COMPLAINT_CREATED or TASK_REMINDER#T1#1'),
  recipientId: z.string(),
  channel: Channel,
  address: z.string().describe('E.164 number for SMS, email address for EMAIL'),
  subject: z.string(),
  status: z.enum(['SENDING', 'SENT', 'FAILED', 'FAILED_PERMANENTLY']),
  claimedAt: instant,
  messageId: z.string().optional(),
  sentAt: instant.optional(),
  error: z.string().optional(),
  failedAt: instant.optional(),
});
export type DeliveryEntry = z.output<typeof DeliveryEntry>;

const page = <T extends z.ZodType>(item: T) => z.object({
  items: z.array(item),
  next: z.string().optional().describe('Pass as ?cursor= for the next page; absent on the last page'),
});

const ComplaintSummary = ComplaintView.pick({
  complaintId: true, status: true, urgency: true, category: true, receivedAt: true, resolutionDueAt: true, productName: true, documentNumber: true,
}).extend({ slaState: z.enum(['PENDING', 'ON_TRACK', 'DUE_SOON', 'OVERDUE', 'MET', 'MISSED']) });

const ScreenPopCustomerView = z.object({
  customer: Customer,
  recentDocuments: z.array(SalesDocument.extend({ warranty: Warranty })),
  openComplaints: z.array(ComplaintSummary).describe('Most pressing first'),
  recentComplaints: z.array(ComplaintSummary),
});

export const CallerLookup = z.object({ phone: z.string().describe('E.164'), match: z.boolean(), customers: z.array(ScreenPopCustomerView) });

export const CallEventAnswer = z.object({
  callId: z.string(),
  event: z.enum(['RINGING', 'ANSWERED', 'ENDED']),
  phone: z.string().nullable().describe('E.164, or null for a withheld number'),
  match: z.boolean(),
  customers: z.array(ScreenPopCustomerView).optional().describe('RINGING and ANSWERED only'),
});

export const CurrentCall = z.object({
  extension: z.string().nullable().describe("The person's desk extension on file; null when none (no call can pop up)"),
  call: CallEventAnswer.extend({ event: z.enum(['RINGING', 'ANSWERED']), occurredAt: instant }).nullable()
    .describe('The call ringing or answered at the extension, with its screen pop; null when none'),
});

export const DocumentLookup = z.object({
  document: SalesDocument.extend({ warranty: Warranty }),
  customer: Customer.pick({ code: true, name: true, contacts: true }).nullable().describe('Null when the document names a customer who is not on file (a complaint cannot be made from it)'),
  salesperson: z.object({ personId: z.string(), name: z.string() }).nullable(),
  openComplaint: z.object({ complaintId: z.string(), status: ComplaintStatus, receivedAt: instant }).nullable()
    .describe('The open complaint about the same document or unit: a new complaint is linked to it instead'),
});

const RowReportView = z.object({
  row: z.number().int(),
  key: z.string().optional(),
  status: z.enum(['ACCEPTED', 'UPDATED', 'UNCHANGED', 'REJECTED']),
  issues: z.array(z.object({ field: z.string(), message: z.string() })),
  account: z.string().optional().describe('People: CREATED, UPDATED, UNCHANGED, DISABLED, NO_ACCOUNT or FAILED'),
});

export const ImportReport = z.object({
  kind: ImportKind,
  mode: ImportMode,
  accepted: z.boolean().describe('False when the batch was refused: nothing was written'),
  written: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  accountFailures: z.number().int().optional(),
  rows: z.array(RowReportView),
});

export const ComplaintCreated = z.object({
  complaintId: z.string(),
  created: z.boolean().describe('False for a repeated request (same Idempotency-Key) or a linked repeat contact'),
  linked: z.boolean().describe('True when the call was recorded on an open complaint about the same unit'),
});

export const CapaView = z.object({
  complaintId: z.string(),
  version: z.number().int().min(0).describe('0 until a CAPA is recorded; send it back as expectedVersion'),
  capa: Capa.optional().describe('Absent until recorded'),
  updatedBy: z.string().optional(),
  updatedAt: instant.optional(),
});

export const ComplaintDetail = z.object({
  complaint: ComplaintView,
  tasks: z.array(TaskView),
  attachments: z.array(AttachmentView),
  capa: CapaView.describe('The corrective and preventive action (version 0 and no capa until recorded)'),
  timeline: z.array(TimelineEntry).describe('The first 100 entries, oldest first'),
  timelineNext: z.string().optional().describe('Cursor for GET …/timeline when there are more'),
  deliveries: z.array(DeliveryEntry).describe('The first 100 messages'),
  deliveriesNext: z.string().optional().describe('Cursor for GET …/deliveries when there are more'),
});

export const SalesDecisionTaken = z.object({ complaintId: z.string(), decision: z.enum(['CONFIRMED', 'REJECTED']), revision: z.number().int().min(1) });

export const UploadLink = z.object({
  attachmentId: z.uuid(),
  upload: z.object({
    method: z.literal('PUT'),
    url: z.url(),
    headers: z.object({ 'content-type': z.string(), 'content-length': z.string() }).describe('Send exactly these headers'),
  }),
  expiresAt: instant,
});

export const StoredRulesView = z.object({ rules: Rules, version: z.number().int().min(0), updatedBy: z.string().optional(), updatedAt: instant.optional() });


export const ActionLinkView = z.object({
  purpose: ActionPurpose,
  actingAs: Person.pick({ personId: true, name: true }),
  expiresAt: instant,
  complaint: ComplaintView.pick({ complaintId: true, customerName: true, productName: true, description: true, customerRequirements: true }),
  response: ResponseDraftView.pick({ revision: true, text: true, contentHash: true, format: true }).extend({
    documents: z.array(z.lazy(() => DocumentDownload)).describe('The documents to read before deciding'),
  }),
});

export const DocumentDownload = z.object({
  name: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int().min(0),
  sha256: z.string(),
  url: z.string().describe('A download link, good for five minutes'),
});

const TemplateUseView = z.object({
  fields: z.array(z.string()),
  loops: z.array(z.object({ name: z.string(), fields: z.array(z.string()) })),
});

export const ResponseFormatView = z.object({
  customerCode: z.string(),
  format: ResponseFormatKind,
  template: z.object({
    objectKey: z.string(), fileName: z.string(), sha256: z.string(), sizeBytes: z.number().int(),
    placeholders: TemplateUseView.describe('The placeholders the template uses'),
    uploadedBy: z.string(), uploadedAt: instant,
  }).optional().describe("The customer's own DOCX template, when one was uploaded and checked"),
  updatedBy: z.string().optional(),
  updatedAt: instant.optional(),
  placeholders: z.array(z.object({ name: z.string(), description: z.string() })).describe('Every placeholder a template may use'),
});

export const TemplateUploadLink = z.object({
  uploadId: z.uuid(),
  upload: z.object({ method: z.literal('PUT'), url: z.string(), headers: z.object({ 'content-type': z.string(), 'content-length': z.string() }) }),
  expiresAt: instant,
});

export const ResponseDocumentsView = z.object({
  complaintId: z.string(),
  revision: z.number().int().min(1),
  contentHash: z.string().optional(),
  expiresAt: instant.describe('When the link in the message stops working'),
  documents: z.array(DocumentDownload),
});

export const HoldPlaced = z.object({
  complaintId: z.string(),
  taskId: z.string().optional().describe('Absent for a hold of the whole complaint'),
  hold: HoldView,
  pausedTasks: z.array(z.string()).describe('The open tasks whose clocks stopped'),
});

export const HoldReleased = z.object({
  complaintId: z.string(),
  taskId: z.string().optional().describe("Absent for the complaint's hold"),
  heldAt: instant,
  releasedAt: instant,
  heldWorkingMinutes: z.number().min(0).describe('Working time held (business calendar), added to the clocks below'),
  tasks: z.array(z.object({ taskId: z.string(), dueAt: instant })).describe('The tasks whose clocks resumed, with their new deadlines'),
  resolutionDueAt: instant.optional().describe("The complaint's new resolution deadline (a complaint hold)"),
});

export const FollowUpAnswered = z.object({
  complaintId: z.string(),
  round: z.number().int().min(1),
  status: z.literal('ANSWERED'),
  rating: z.number().int().min(1).max(5),
  lowScore: z.boolean().describe('True when the service managers are told'),
});

/*
 * Work queues and reports (issue 10): rows as shared/domain/projections.ts and reports.ts build them.
 */
const QueueSla = z.enum(['ON_TRACK', 'AT_RISK', 'BREACHED', 'ON_HOLD', 'MET', 'MISSED', 'NO_DEADLINE'])
  .describe('AT_RISK: less than a quarter of the deadline\'s window left; ON_HOLD: the clock is paused');
export const ComplaintQueueRow = z.object({
  complaintId: z.string(), customerCode: z.string(), customerName: z.string(), salespersonId: z.string(),
  documentNumber: z.string(), productName: z.string(), status: ComplaintStatus, urgency: Urgency, category: Category,
  receivedAt: z.string(), round: z.number().int(),
  sla: z.object({ state: QueueSla, deadline: z.enum(['PLAN', 'RESOLUTION']).optional().describe('The plan\'s until there is one, then the resolution\'s'), dueAt: z.string().optional() }),
  heldSince: z.string().optional(),
  tasks: z.object({ open: z.number().int(), done: z.number().int(), overdue: z.number().int() }).describe('The current round\'s tasks'),
  followUp: z.object({ status: z.enum(['SCHEDULED', 'SENT', 'CHASED', 'ANSWERED', 'UNANSWERED']), dueAt: z.string(), nextAt: z.string(), rating: z.number().int().optional() }).optional(),
});
export const TaskQueueRow = z.object({
  complaintId: z.string(), taskId: z.string(), title: z.string(), assigneeId: z.string(), dueAt: z.string(),
  status: z.enum(['OPEN', 'DONE']), round: z.number().int(), sla: QueueSla, heldSince: z.string().optional(),
  complaint: z.object({ customerCode: z.string(), customerName: z.string(), urgency: Urgency, category: Category, status: ComplaintStatus }).optional(),
});
/* Complaints by email (issue 11): received messages as shared/store/inbound-email.ts keeps them. */
const EmailMatch = z.object({
  kind: z.enum(['CUSTOMER', 'UNMATCHED', 'AMBIGUOUS']).describe('The sender is a contact of one customer, of none, or of several'),
  customerCode: z.string().optional(), customerName: z.string().optional(), customerCodes: z.array(z.string()).optional(),
});
const EmailState = z.enum(['PENDING', 'THREADING', 'COMPLETING', 'THREADED', 'COMPLETED', 'DISMISSED', 'SET_ASIDE'])
  .describe('THREADING/COMPLETING: being put on a complaint (listed with the waiting ones, should it stay there)');
const Verdict = z.string().optional();
export const EmailIntakeRow = z.object({
  inboundId: z.string().describe('Also the reference the sender was given'), receivedAt: z.string(), ageMinutes: z.number().int(),
  from: z.object({ address: z.string(), name: z.string().optional() }).optional(), subject: z.string(), state: EmailState,
  match: EmailMatch, senderVerified: z.boolean().describe('The From address is the sender\'s own (DMARC passed); otherwise anyone may have written it'),
  attachments: z.object({ accepted: z.number().int(), refused: z.number().int() }),
  setAsideReason: z.string().optional(), note: z.string().optional(), relatedComplaintId: z.string().optional(),
});
export const EmailIntakeItem = EmailIntakeRow.omit({ ageMinutes: true, attachments: true }).extend({
  text: z.string(), sentAt: z.string().optional(), messageId: z.string().optional(),
  verdicts: z.object({ spam: Verdict, virus: Verdict, spf: Verdict, dkim: Verdict, dmarc: Verdict }).optional().describe('SES\'s scan of the message'),
  omittedAttachments: z.number().int().optional(),
  attachments: z.array(z.object({
    fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), inline: z.boolean(), accepted: z.boolean(),
    refusal: z.string().optional(), attachmentId: z.string().optional(),
  })),
  complaintId: z.string().optional().describe('The complaint it was threaded onto or made into'),
  acknowledgement: z.enum(['SENT', 'FAILED']).optional(), handledBy: z.string().optional(), handledAt: z.string().optional(), dismissReason: z.string().optional(),
});
const EmailIntakeCompleted = z.object({ inboundId: z.string(), complaintId: z.string(), created: z.boolean(), linked: z.boolean() });

const Period = z.object({ from: z.string(), to: z.string() });
const report = <T extends z.ZodRawShape>(row: T, extra: z.ZodRawShape = {}) => z.object({
  report: z.string(), period: Period, columns: z.array(z.string()).readonly().describe('The CSV columns, in order'),
  rows: z.array(z.object(row)), next: z.string().optional().describe('Pass as ?cursor= for the next page; absent on the last page'), ...extra,
});
const count = z.number().int();
const maybe = <T extends z.ZodType>(t: T) => t.nullable();
const CustomerStatusRowView = { customerCode: z.string(), customerName: z.string(), received: count, done: count, inProgress: count };
const CustomerComplaintRowView = z.object({
  complaintId: z.string(), receivedAt: z.string(), state: z.enum(['DONE', 'IN_PROGRESS']), status: z.string(), category: z.string(),
  urgency: z.string(), respondedAt: maybe(z.string()), closedAt: maybe(z.string()),
});
export const CustomerStatusReport = report(CustomerStatusRowView, {
  complaints: z.object({ columns: z.array(z.string()).readonly(), items: z.array(CustomerComplaintRowView), next: z.string().optional() }).optional()
    .describe('With ?customer=: its complaints received in the period, newest first, done or in progress'),
});
const yesNo = z.enum(['yes', 'no']);
export const PreventiveMeasuresReport = report({
  complaintId: z.string(), receivedAt: z.string(), customerCode: z.string(), customerName: z.string(), category: z.string(), status: z.string(),
  rootCauseCategory: maybe(z.string()), rootCause: maybe(z.string()), preventiveActionTaken: yesNo,
  actionId: maybe(z.string()), action: maybe(z.string()), actionStatus: maybe(z.string()),
  verified: maybe(yesNo), verifiedAt: maybe(z.string()), fedBack: maybe(yesNo).describe('Contained in a response delivered to the customer'), fedBackAt: maybe(z.string()),
});
const AssigneeProgressRowView = z.object({
  assigneeId: z.string(), tasks: count, done: count, doneOnTime: count, open: count, overdue: count, onTimePercent: maybe(z.number()),
});
const ComplaintProgressRowView = z.object({
  complaintId: z.string(), customerCode: z.string(), customerName: z.string(), status: z.string(), round: count,
  tasks: count, done: count, open: count, overdue: count, nextTaskDueAt: maybe(z.string()), resolutionDueAt: maybe(z.string()),
});
export const TaskProgressReport = z.object({
  report: z.string(), period: Period, columns: z.array(z.string()).readonly(),
  rows: z.union([z.array(AssigneeProgressRowView), z.array(ComplaintProgressRowView)]).describe('Per assignee (by=assignee) or per complaint (by=complaint)'),
  next: z.string().optional(),
});
export const SlaComplianceReport = report({
  month: z.string(), category: z.string().describe('A category, or ALL on the month\'s total row'), urgency: z.string(),
  received: count, planned: count, plannedOnTime: count, planOnTimePercent: maybe(z.number()),
  responded: count, respondedOnTime: count, resolutionOnTimePercent: maybe(z.number()),
  notified: count, averageFirstNotificationMinutes: maybe(z.number()), rated: count, satisfactionAverage: maybe(z.number()),
});

/**
 * What each route's function answers, by status: successes, and the 422 of a refused import
 * (its report). Errors are not here: every error has the shape below.
 */
export const answers = {
  ListOpenComplaints: { 200: page(ComplaintQueueRow) },
  ListSlaRisk: { 200: page(ComplaintQueueRow) },
  ListMyTasks: { 200: page(TaskQueueRow) },
  ListOverdueTasks: { 200: page(TaskQueueRow) },
  ListAwaitingConfirmation: { 200: page(ComplaintQueueRow) },
  ListFollowUpsDue: { 200: page(ComplaintQueueRow) },
  ListCustomerComplaints: { 200: page(ComplaintQueueRow) },
  ListEmailIntake: { 200: page(EmailIntakeRow) },
  GetEmailIntake: { 200: EmailIntakeItem },
  CompleteEmailIntake: { 201: EmailIntakeCompleted, 200: EmailIntakeCompleted },
  DismissEmailIntake: { 200: EmailIntakeItem },
  GetCustomerStatusReport: { 200: CustomerStatusReport },
  GetPreventiveMeasuresReport: { 200: PreventiveMeasuresReport },
  GetTaskProgressReport: { 200: TaskProgressReport },
  GetSlaComplianceReport: { 200: SlaComplianceReport },
  PhoneCallEvent: { 200: CallEventAnswer },
  ImportMasterData: { 200: ImportReport, 422: ImportReport },
  LookupCaller: { 200: CallerLookup },
  GetCurrentCall: { 200: CurrentCall },
  LookupDocument: { 200: DocumentLookup },
  CreateComplaint: { 201: ComplaintCreated, 200: ComplaintCreated },
  GetComplaint: { 200: ComplaintDetail },
  GetComplaintTimeline: { 200: page(TimelineEntry) },
  GetComplaintDeliveries: { 200: page(DeliveryEntry) },
  SubmitPlan: { 201: z.object({ complaintId: z.string(), tasks: z.array(TaskView) }) },
  CompleteTask: { 200: TaskView },
  SalesDecision: { 200: SalesDecisionTaken },
  ReviseResponse: { 200: z.object({ complaintId: z.string(), revision: z.number().int().min(2) }) },
  AddAttachment: { 201: UploadLink },
  ConfirmAttachment: { 200: AttachmentView },
  GetAttachment: { 200: AttachmentView.extend({ downloadUrl: z.url().describe('Valid for 15 minutes') }) },
  GetRules: { 200: StoredRulesView },
  SaveRules: { 200: StoredRulesView },
  ChangeClassification: { 200: ComplaintView },
  GetCapa: { 200: CapaView },
  SaveCapa: { 200: CapaView },
  PlaceHold: { 200: HoldPlaced },
  ReleaseHold: { 200: HoldReleased },
  InspectActionLink: { 200: ActionLinkView },
  SalesDecisionByLink: { 200: SalesDecisionTaken },
  OpenResponseDocuments: { 200: ResponseDocumentsView },
  GetResponseDocuments: { 200: z.object({
    complaintId: z.string(), revision: z.number().int().min(1), contentHash: z.string().optional(), documents: z.array(DocumentDownload),
  }) },
  ReopenComplaint: { 200: z.object({ complaintId: z.string(), round: z.number().int().min(2), status: ComplaintStatus }) },
  GetResponseFormat: { 200: ResponseFormatView },
  SaveResponseFormat: { 200: ResponseFormatView },
  AddResponseTemplate: { 201: TemplateUploadLink },
  ConfirmResponseTemplate: { 200: ResponseFormatView },
  RecordFollowUpCall: { 200: FollowUpAnswered },
  AnswerSatisfactionByLink: { 200: FollowUpAnswered },
} as const satisfies Record<RouteId, Partial<Record<200 | 201 | 422, z.ZodType>>>;

type Answers = typeof answers;
type AnswerBody<R extends RouteId, S extends keyof Answers[R]> = z.input<Extract<Answers[R][S], z.ZodType>>;
/**
 * What a route function may return: one of its documented statuses with that status's body (the
 * schema's input type); `status` may be left out for 200 only. (Written so that a literal such as
 * `status: 201` keeps its type inside the generic handlers.)
 */
export type RouteAnswer<R extends RouteId> = {
  [S in keyof Answers[R] & number]:
    | { status: S extends 200 ? S | undefined : S; body: AnswerBody<R, S> }
    | (S extends 200 ? { status?: undefined; body: AnswerBody<R, S> } : never);
}[keyof Answers[R] & number];

/** Every error the handlers answer (shared/lambda/http-handler.ts): a code and a reason. */
export const ErrorBody = z.object({
  error: z.string().describe('InvalidField, Unauthorized, Forbidden, NotFound, Conflict, LinkUsed, LinkExpired, PayloadTooLarge, UnsupportedMediaType, Busy, InternalError, …'),
  message: z.string(),
  field: z.string().optional().describe('The request field at fault, e.g. body.documentNumber or header.content-type'),
});

/** A 400 for input that breaks the request schema: every field at fault. Nothing was changed. */
export const ValidationFailedBody = z.object({
  error: z.literal('ValidationFailed'),
  issues: z.array(z.object({ path: z.string().describe('e.g. body.tasks.0.dueAt, path.complaintId, query.limit'), message: z.string() })).min(1),
});

/** API Gateway's own answers (the JWT authorizer's 401), before any function runs. */
export const GatewayMessage = z.object({ message: z.string().describe('"Unauthorized"') });

/** A 400: the request schema refused the input (ValidationFailed), or a domain rule did (InvalidField, …). */
export const BadRequestBody = z.union([ValidationFailedBody, ErrorBody, GatewayMessage]);
/** An error the function answers, or one API Gateway answers before it runs. */
export const GatewayOrErrorBody = z.union([ErrorBody, GatewayMessage]);
/** A 401 of a signed-in route: the authorizer refused the token, or the person is unknown or inactive. */
export const SignInRefusedBody = z.union([GatewayMessage, ErrorBody]);

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 500 | 503;

/** The body of an error status (`signedIn`: the route is behind the JWT authorizer). */
export function errorBody(status: ErrorStatus, signedIn: boolean): z.ZodType {
  if (status === 400) return BadRequestBody;
  if (status === 401 && signedIn) return SignInRefusedBody;
  // API Gateway itself answers these before any function runs (a malformed path, an unknown path,
  // a body over 10 MB, a function that failed): its body is {"message": …}.
  if (status === 404 || status === 413 || status === 500) return GatewayOrErrorBody;
  return ErrorBody;
}

/**
 * Error statuses particular to a route, besides those the HTTP layer gives every route (400,
 * 401, 403 where a person acts, 413/415 where there is a body, 500, 503): 404 where the path
 * names an item, 409 where a write can conflict with the state or another write, 410 for an
 * expired link.
 */
export const routeErrors: Record<RouteId, readonly (404 | 409 | 410 | 422)[]> = {
  ListOpenComplaints: [404],
  ListSlaRisk: [],
  ListMyTasks: [404],
  ListOverdueTasks: [404],
  ListAwaitingConfirmation: [404],
  ListFollowUpsDue: [],
  ListCustomerComplaints: [404],
  ListEmailIntake: [],
  GetEmailIntake: [404],
  CompleteEmailIntake: [404, 409, 422],
  DismissEmailIntake: [404, 409],
  GetCustomerStatusReport: [404],
  GetPreventiveMeasuresReport: [],
  GetTaskProgressReport: [],
  GetSlaComplianceReport: [],
  PhoneCallEvent: [],
  ImportMasterData: [409],
  LookupCaller: [],
  GetCurrentCall: [],
  LookupDocument: [404],
  CreateComplaint: [409, 422],
  GetComplaint: [404],
  GetComplaintTimeline: [404],
  GetComplaintDeliveries: [404],
  SubmitPlan: [404, 409],
  CompleteTask: [404, 409],
  SalesDecision: [404, 409],
  ReviseResponse: [404, 409],
  AddAttachment: [404, 409],
  ConfirmAttachment: [404, 409],
  GetAttachment: [404, 409],
  GetRules: [],
  SaveRules: [409],
  ChangeClassification: [404, 409],
  GetCapa: [404],
  SaveCapa: [404, 409],
  PlaceHold: [404, 409],
  ReleaseHold: [404, 409],
  InspectActionLink: [409, 410],
  SalesDecisionByLink: [409, 410],
  OpenResponseDocuments: [410],
  GetResponseDocuments: [404, 409],
  ReopenComplaint: [404, 409],
  GetResponseFormat: [404],
  SaveResponseFormat: [404, 409],
  AddResponseTemplate: [404],
  ConfirmResponseTemplate: [404, 409],
  RecordFollowUpCall: [404, 409],
  AnswerSatisfactionByLink: [409, 410],
};

// The hand-written schemas above must describe exactly the domain's types (same keys, each side
// assignable to the other), so neither can change without the other.
type SameShape<A, B> = [A, B] extends [B, A] ? ([keyof A, keyof B] extends [keyof B, keyof A] ? true : false) : false;
const sameShape = <A, B>(ok: SameShape<A, B>) => ok;
sameShape<Omit<z.output<typeof ComplaintView>, 'stepTokens'>, Omit<Complaint, 'stepTokens'>>(true);
sameShape<z.output<typeof ResponseDraftView>, ResponseDraft>(true);
sameShape<Omit<z.output<typeof TaskView>, 'stepToken'>, Omit<ComplaintTask, 'stepToken'>>(true);
sameShape<z.output<typeof CheckpointView>, Checkpoint>(true);
sameShape<z.output<typeof AttachmentView>, Attachment>(true);
sameShape<TimelineEntry, TimelineEvent & { complaintId: string }>(true);
sameShape<z.output<typeof ScreenPopCustomerView>, ScreenPopCustomer>(true);
sameShape<z.output<typeof ComplaintSummary>['slaState'], SlaState>(true);
sameShape<z.output<typeof RowReportView>, RowReport>(true);
sameShape<z.output<typeof ImportReport>, ImportResult>(true);
sameShape<z.output<typeof StoredRulesView>, StoredRules>(true);
sameShape<z.output<typeof CapaView>, StoredCapa>(true);
sameShape<z.output<typeof FollowUpView>, FollowUp>(true);
sameShape<z.output<typeof ComplaintQueueRow>, ComplaintRow>(true);
sameShape<z.output<typeof TaskQueueRow>, TaskRow>(true);
sameShape<z.output<typeof PreventiveMeasuresReport>['rows'][number], PreventiveMeasureRow>(true);
sameShape<z.output<typeof SlaComplianceReport>['rows'][number], SlaComplianceRow>(true);
sameShape<z.output<typeof AssigneeProgressRowView>, AssigneeProgressRow>(true);
sameShape<z.output<typeof ComplaintProgressRowView>, ComplaintProgressRow>(true);
sameShape<z.output<typeof CustomerComplaintRowView>, CustomerComplaintRow>(true);
