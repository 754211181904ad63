import { z } from 'zod';
import { AttachmentRequest } from '../domain/attachments.ts';
import { CapaInput } from '../domain/capa.ts';
import { ImportKind, ImportMode } from '../domain/master-data-import.ts';
import { Category, ComplaintStatus, Urgency } from '../domain/model.ts';
import { Rules } from '../domain/rules.ts';
import { SatisfactionAnswer } from '../domain/follow-up.ts';
import { MAX_RESPONSE_CHARS } from '../domain/response.ts';
import { MAX_TEMPLATE_BYTES, ResponseFormatKind } from '../domain/response-revision.ts';
import { multiLine, optionalMultiLine, optionalSingleLine, singleLine } from '../domain/text.ts';

/**
 * The HTTP contract: the request schemas of every route, by route id (infra/routes.ts). The
 * handlers validate with these, and scripts/OpenAPI describe the API from these — one source.
 * This module has no side effects, so infra and tools can import it.
 *
 * Every string has a maximum that fits where it is stored (ids used in keys stay far below
 * DynamoDB's 2 KB key limit), text refuses control characters, and bodies are strict: a field
 * the route does not know is a 400 naming it. The phone system's events are the exception to
 * strictness: a PBX may send more than we read.
 */

export const NewComplaint = z.object({
  documentNumber: singleLine(64, 'the order or delivery-note number is required'),
  description: multiLine(4000, 'describe the problem'),
  customerRequirements: optionalMultiLine(4000),
  contactName: optionalSingleLine(200),
  contactPhone: optionalSingleLine(40),
  preferredVisitTime: optionalSingleLine(200),
  callId: singleLine(128).optional(),
  urgency: Urgency,
  category: Category,
}).strict();
export type NewComplaint = z.infer<typeof NewComplaint>;

/** An agent makes a waiting email into a complaint: as a new complaint, the description defaulting to the email. */
export const EmailIntakeCompletion = NewComplaint.omit({ callId: true, description: true }).extend({
  description: optionalMultiLine(4000).describe('Defaults to the email\'s subject and text'),
}).strict();
export const EmailIntakeDismissal = z.object({ reason: singleLine(500, 'say why it is not a complaint') }).strict();
const InboundPath = z.object({ inboundId: z.string().max(20).regex(/^EM-[0-9A-HJKMNP-TV-Z]{12}$/, 'an email reference such as EM-7F3K2Q9AB1CD') });

export const ImportRequest = z.object({
  format: z.enum(['csv', 'json']),
  mode: ImportMode.default('all-or-nothing'),
  /** CSV text, or the JSON rows (an array, or its text). */
  content: z.union([z.string().min(1).max(5_000_000), z.array(z.record(z.string(), z.unknown())).min(1).max(5000)]),
}).strict();
export type ImportRequest = z.infer<typeof ImportRequest>;

export const CallEventInput = z.object({
  callId: singleLine(128),
  event: z.enum(['RINGING', 'ANSWERED', 'ENDED']),
  /** The caller's number as the phone system has it; empty or "anonymous" when withheld. */
  callerNumber: z.string().trim().max(40),
  calledNumber: optionalSingleLine(40),
  agentExtension: optionalSingleLine(20),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});
export type CallEventInput = z.infer<typeof CallEventInput>;

export const HandlingPlan = z.object({
  summary: multiLine(4000),
  tasks: z.array(z.object({
    title: singleLine(500),
    assigneeId: singleLine(64),
    dueAt: z.iso.datetime({ offset: true }),
    investigation: z.boolean().optional().describe('The investigation of the cause: its assignee may record the CAPA'),
  }).strict()).min(1).max(50),
}).strict();
export type HandlingPlan = z.infer<typeof HandlingPlan>;

/** The SHA-256 (hex) of a response revision's content, as GET complaint shows it (response.contentHash). */
const ContentHash = z.string().regex(/^[0-9a-f]{64}$/, 'the contentHash of the response revision you read (64 hex digits)')
  .describe('response.contentHash of the revision read: confirming names the exact content');

export const SalesDecision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('CONFIRM'), contentHash: ContentHash, comment: optionalMultiLine(2000), revision: z.number().int().min(1).optional() }).strict(),
  z.object({ decision: z.literal('REJECT'), comment: multiLine(2000, 'say what must change'), revision: z.number().int().min(1).optional() }).strict(),
]);
export type SalesDecision = z.infer<typeof SalesDecision>;

const ActionLinkToken = z.string().trim().min(20).max(2048).describe('The token after # in a signed action link');
export const ActionLinkRequest = z.object({ token: ActionLinkToken }).strict();
export const ActionLinkDecision = z.discriminatedUnion('decision', [
  z.object({ token: ActionLinkToken, decision: z.literal('CONFIRM'), contentHash: ContentHash, comment: optionalMultiLine(2000) }).strict(),
  z.object({ token: ActionLinkToken, decision: z.literal('REJECT'), comment: multiLine(2000, 'say what must change') }).strict(),
]);
export type ActionLinkDecision = z.infer<typeof ActionLinkDecision>;

export const ResponseRevision = z.object({ text: multiLine(MAX_RESPONSE_CHARS).refine((t) => t.length >= 20, 'at least 20 characters') }).strict();
export type ResponseRevision = z.infer<typeof ResponseRevision>;

export const TaskCompletion = z.object({
  notes: multiLine(4000, 'say what was done'),
}).strict();
export type TaskCompletion = z.infer<typeof TaskCompletion>;

export const RulesUpdate = z.object({
  rules: Rules,
  /** The version the change was made on (GET /config/rules); 0 for the shipped defaults. */
  expectedVersion: z.number().int().min(0),
}).strict();
export type RulesUpdate = z.infer<typeof RulesUpdate>;

export const ClassificationChange = z.object({
  urgency: Urgency,
  category: Category,
  reason: multiLine(1000, 'say why the classification changes'),
}).strict();
export type ClassificationChange = z.infer<typeof ClassificationChange>;

export const CapaUpdate = z.object({
  capa: CapaInput,
  /** The version the change was made on (GET …/capa); 0 when none is recorded yet. */
  expectedVersion: z.number().int().min(0),
}).strict();
export type CapaUpdate = z.infer<typeof CapaUpdate>;

const HoldTaskId = z.string().max(16).regex(/^T\d{1,3}$/, 'a task id such as T1');
/** Waiting on the customer: a task, or the whole complaint (no taskId), on hold with a reason. */
export const HoldRequest = z.object({
  reason: multiLine(1000, 'say what the team is waiting for'),
  taskId: HoldTaskId.optional().describe('The task to hold; omitted: the whole complaint'),
}).strict();
export type HoldRequest = z.infer<typeof HoldRequest>;
export const HoldRelease = z.object({
  taskId: HoldTaskId.optional().describe("The task whose hold ends; omitted: the complaint's"),
}).strict();
export type HoldRelease = z.infer<typeof HoldRelease>;

export const ResponseFormatChange = z.object({
  format: ResponseFormatKind,
}).strict();
export type ResponseFormatChange = z.infer<typeof ResponseFormatChange>;

const templateFileName = singleLine(200).regex(/^[^/\\]+\.docx$/i, 'a .docx file name, without folders');
export const TemplateUploadRequest = z.object({
  fileName: templateFileName,
  sizeBytes: z.number().int().min(1).max(MAX_TEMPLATE_BYTES, `at most ${MAX_TEMPLATE_BYTES / 1024 / 1024} MiB`),
}).strict();
export type TemplateUploadRequest = z.infer<typeof TemplateUploadRequest>;
export const TemplateConfirmation = z.object({ fileName: templateFileName }).strict();

export const Reopening = z.object({
  reason: multiLine(1000, 'say why the complaint is reopened'),
}).strict();
export type Reopening = z.infer<typeof Reopening>;

const CustomerPath = z.object({ customerCode: z.string().max(20).regex(/^[A-Za-z0-9_-]+$/, 'a customer code such as SY001') });

const complaintId = z.string().max(64).regex(/^CMP-\d{4}-\d{6,9}$/, 'a complaint number such as CMP-2026-000123').describe('Complaint number, e.g. CMP-2026-000123');
const ComplaintPath = z.object({ complaintId });

/**
 * A page of a list that grows without bound (a complaint's timeline, its messages): `cursor` is
 * the `next` of the previous page, opaque.
 */
export const PageQuery = z.object({
  cursor: z.string().max(700).regex(/^[A-Za-z0-9_-]+$/, 'not a cursor this list returned').optional(),
  limit: z.string().regex(/^[1-9]\d{0,2}$/, 'a whole number from 1 to 100').transform(Number).pipe(z.number().max(100)).default(50)
    .describe('How many items, 1 to 100 (default 50)'),
}).strict();
export type PageQuery = z.infer<typeof PageQuery>;

/*
 * Work queues and reports (issue 10). Every list is a page of one Query on an index made for it
 * (shared/table-keys.ts); filters a key cannot serve are applied within a bounded read.
 */
const QueueCursor = z.string().max(2000).regex(/^[A-Za-z0-9_-]+$/, 'not a cursor this list returned').optional()
  .describe('The `next` of the previous page, opaque');
const QueueLimit = z.string().regex(/^[1-9]\d{0,2}$/, 'a whole number from 1 to 100').transform(Number).pipe(z.number().max(100)).default(25)
  .describe('Rows per page, 1 to 100 (default 25)');
const PersonId = z.string().max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a person id such as tech.zhou');
const CustomerCode = z.string().max(20).regex(/^[A-Za-z0-9_-]+$/, 'a customer code such as SY001');
const Day = z.iso.date().describe('A calendar day, yyyy-mm-dd (received on or after / on or before, UTC)');
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month such as 2026-11');
const Instant = z.iso.datetime({ offset: true });

function daysInOrder(q: { receivedFrom?: string; receivedTo?: string }, ctx: z.RefinementCtx) {
  if (q.receivedFrom && q.receivedTo && q.receivedTo < q.receivedFrom) ctx.addIssue({ code: 'custom', path: ['receivedTo'], message: 'must not be before receivedFrom' });
}

export const OpenComplaintsQuery = z.object({
  urgency: Urgency.optional().describe('URGENT first, then NORMAL, unless one is chosen'),
  status: ComplaintStatus.optional(),
  category: Category.optional(),
  customer: CustomerCode.optional(),
  receivedFrom: Day.optional(),
  receivedTo: Day.optional(),
  cursor: QueueCursor,
  limit: QueueLimit,
}).strict().superRefine(daysInOrder);

export const SlaRiskQuery = z.object({
  urgency: Urgency.optional(),
  category: Category.optional(),
  cursor: QueueCursor,
  limit: QueueLimit,
}).strict();

export const TaskQueueQuery = z.object({
  assignee: PersonId.optional().describe('Whose tasks (default: yours); others\' only for managers'),
  cursor: QueueCursor,
  limit: QueueLimit,
}).strict();

export const ConfirmationQueueQuery = z.object({
  salesperson: PersonId.optional().describe('Whose confirmations (default: yours); others\' only for the sales manager'),
  cursor: QueueCursor,
  limit: QueueLimit,
}).strict();

export const FollowUpQueueQuery = z.object({
  dueBefore: Instant.optional().describe('Only follow-ups whose next step is due by then (default: all open ones)'),
  cursor: QueueCursor,
  limit: QueueLimit,
}).strict();

export const CustomerComplaintsQuery = z.object({
  state: z.enum(['OPEN', 'DONE']).optional().describe('In progress, or responded/closed'),
  category: Category.optional(),
  receivedFrom: Day.optional(),
  receivedTo: Day.optional(),
  cursor: QueueCursor,
  limit: QueueLimit,
}).strict().superRefine(daysInOrder);

export const EmailIntakeQuery = z.object({
  state: z.enum(['PENDING', 'SET_ASIDE']).default('PENDING').describe('Waiting for an agent (default), or kept aside (spam, virus, forged sender, unreadable, automatic)'),
  cursor: QueueCursor,
  limit: QueueLimit,
}).strict();

/** The period every report covers: whole months, at most two years; by default the current month. */
const ReportPeriod = {
  from: Month.optional().describe('First month of the period, yyyy-mm (default: the month of `to`)'),
  to: Month.optional().describe("Last month of the period, yyyy-mm (default: the current month in the company calendar's time zone); at most 24 months after from"),
  format: z.enum(['json', 'csv']).default('json').describe('csv: a header row and one line per row, columns in a fixed order'),
};
/** Reports whose rows grow with customers, assignees or complaints come a page at a time. */
const ReportPage = {
  cursor: QueueCursor,
  limit: z.string().regex(/^[1-9]\d{0,3}$/, 'a whole number from 1 to 1000').transform(Number).pipe(z.number().max(1000)).default(200)
    .describe('Rows per page, 1 to 1000 (default 200); per-complaint reports: complaints per page, at most 250'),
};
/** Both months given: in order, at most 24 apart (a missing one is filled in by the service, in the company's time zone). */
const periodChecks = <T extends z.ZodRawShape>(shape: T) => z.object({ ...ReportPeriod, ...shape }).strict()
  .superRefine((value, ctx) => {
    const q = value as { from?: string; to?: string };
    if (!q.from || !q.to) return;
    const months = (Number(q.to.slice(0, 4)) - Number(q.from.slice(0, 4))) * 12 + Number(q.to.slice(5)) - Number(q.from.slice(5));
    if (months < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    if (months > 23) ctx.addIssue({ code: 'custom', path: ['to'], message: 'a report covers at most 24 months' });
  });

export const CustomerStatusReportQuery = periodChecks({
  ...ReportPage,
  customer: CustomerCode.optional().describe("One customer: its row, and its complaints listed as done / in progress"),
});
export const PreventiveMeasuresReportQuery = periodChecks(ReportPage);
export const TaskProgressReportQuery = periodChecks({
  ...ReportPage,
  by: z.enum(['assignee', 'complaint']).default('assignee').describe('A row per assignee (tasks due in the period) or per complaint (received in the period)'),
});
/** At most 24 months × 11 rows: one answer, no pages. */
export const SlaComplianceReportQuery = periodChecks({});

/** Request bodies larger than this are refused with a 413 (a route may set its own cap). */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

export interface RouteContract {
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The largest request body accepted, in bytes (default DEFAULT_MAX_BODY_BYTES). */
  readonly maxBodyBytes?: number;
  /** Request headers the route reads, with what they mean (for the API description). */
  readonly headers?: Record<string, string>;
}



export const contract = {
  PhoneCallEvent: {
    body: CallEventInput,
    headers: { 'x-pbx-timestamp': 'Unix seconds when the phone system signed the request', 'x-pbx-signature': 'v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">' },
  },
  ImportMasterData: { params: z.object({ kind: ImportKind }), body: ImportRequest, maxBodyBytes: 6 * 1024 * 1024 },
  LookupCaller: { params: z.object({ phone: z.string().min(3).max(32).describe('Caller number in any usual notation') }) },
  GetCurrentCall: { },
  LookupDocument: { params: z.object({ documentNumber: singleLine(64).describe('An order or delivery-note number') }) },
  CreateComplaint: { body: NewComplaint, headers: { 'idempotency-key': 'Optional, 8-128 characters: a repeated request with the same key returns the first result' } },
  GetComplaint: { params: ComplaintPath },
  GetComplaintTimeline: { params: ComplaintPath, query: PageQuery },
  GetComplaintDeliveries: { params: ComplaintPath, query: PageQuery },
  SubmitPlan: { params: ComplaintPath, body: HandlingPlan },
  CompleteTask: { params: z.object({ complaintId, taskId: z.string().max(16).regex(/^T\d{1,3}$/, 'a task id such as T1') }), body: TaskCompletion },
  SalesDecision: { params: ComplaintPath, body: SalesDecision },
  ReviseResponse: { params: ComplaintPath, body: ResponseRevision },
  AddAttachment: { params: ComplaintPath, body: AttachmentRequest },
  ConfirmAttachment: { params: z.object({ complaintId, attachmentId: z.uuid() }) },
  GetAttachment: { params: z.object({ complaintId, attachmentId: z.uuid() }) },
  GetRules: { },
  SaveRules: { body: RulesUpdate },
  ChangeClassification: { params: ComplaintPath, body: ClassificationChange },
  GetCapa: { params: ComplaintPath },
  SaveCapa: { params: ComplaintPath, body: CapaUpdate },
  PlaceHold: { params: ComplaintPath, body: HoldRequest },
  ReleaseHold: { params: ComplaintPath, body: HoldRelease },
  InspectActionLink: { body: ActionLinkRequest },
  SalesDecisionByLink: { body: ActionLinkDecision },
  OpenResponseDocuments: { body: ActionLinkRequest },
  GetResponseDocuments: { params: ComplaintPath },
  ReopenComplaint: { params: ComplaintPath, body: Reopening },
  GetResponseFormat: { params: CustomerPath },
  SaveResponseFormat: { params: CustomerPath, body: ResponseFormatChange },
  AddResponseTemplate: { params: CustomerPath, body: TemplateUploadRequest },
  ConfirmResponseTemplate: { params: CustomerPath.extend({ uploadId: z.uuid() }), body: TemplateConfirmation },
  RecordFollowUpCall: { params: ComplaintPath, body: SatisfactionAnswer },
  AnswerSatisfactionByLink: { body: SatisfactionAnswer.extend({ token: ActionLinkToken }).strict() },
  ListOpenComplaints: { query: OpenComplaintsQuery },
  ListSlaRisk: { query: SlaRiskQuery },
  ListMyTasks: { query: TaskQueueQuery },
  ListOverdueTasks: { query: TaskQueueQuery },
  ListAwaitingConfirmation: { query: ConfirmationQueueQuery },
  ListFollowUpsDue: { query: FollowUpQueueQuery },
  ListCustomerComplaints: { params: CustomerPath, query: CustomerComplaintsQuery },
  ListEmailIntake: { query: EmailIntakeQuery },
  GetEmailIntake: { params: InboundPath },
  CompleteEmailIntake: { params: InboundPath, body: EmailIntakeCompletion },
  DismissEmailIntake: { params: InboundPath, body: EmailIntakeDismissal },
  GetCustomerStatusReport: { query: CustomerStatusReportQuery },
  GetPreventiveMeasuresReport: { query: PreventiveMeasuresReportQuery },
  GetTaskProgressReport: { query: TaskProgressReportQuery },
  GetSlaComplianceReport: { query: SlaComplianceReportQuery },
} as const satisfies Record<string, RouteContract>;

export type RouteId = keyof typeof contract;
