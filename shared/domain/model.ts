import { z } from 'zod';

/** Roles named by the source: who takes the call, who plans, who confirms, who is told. */
export const Role = z.enum([
  'SERVICE_AGENT', 'SERVICE_MANAGER', 'QUALITY_MANAGER', 'SALES', 'SALES_MANAGER',
  'PURCHASING_MANAGER', 'GENERAL_MANAGER', 'TASK_ASSIGNEE', 'MASTER_DATA_ADMIN',
]);
export type Role = z.infer<typeof Role>;

export const Channel = z.enum(['SMS', 'EMAIL']);
export type Channel = z.infer<typeof Channel>;

export const Urgency = z.enum(['URGENT', 'NORMAL']);
export type Urgency = z.infer<typeof Urgency>;

export const Category = z.enum(['PRODUCT_QUALITY', 'DELIVERY', 'SERVICE', 'BILLING', 'OTHER']);
export type Category = z.infer<typeof Category>;

const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only');
const isoDate = z.iso.date();

export const Contact = z.object({
  name: z.string().trim().min(1).max(200),
  phone: z.string().trim().min(5).max(40).optional(),
  email: z.email().max(254).optional(),
  role: z.string().trim().max(100).optional(),
}).refine((c) => c.phone || c.email, { message: 'a contact needs a phone or an email', path: ['phone'] });

export const Address = z.object({
  line1: z.string().trim().min(1).max(300),
  city: z.string().trim().min(1).max(100),
  province: z.string().trim().max(100).optional(),
  postalCode: z.string().trim().max(20).optional(),
  country: z.string().trim().regex(/^[A-Z]{2}$/, 'ISO country code, e.g. CN'),
});

export const MAX_CONTACTS = 50;
export const MAX_ADDRESSES = 20;

/** A customer as stored: phone numbers in E.164; every number (own and contacts') finds it. */
export const Customer = z.object({
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(200),
  // Bounded so that one customer stays one small item (DynamoDB's limit is 400 KB).
  phones: z.array(z.string().min(5).max(40)).max(20).default([]),
  email: z.email().max(254).optional(),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  contacts: z.array(Contact).max(MAX_CONTACTS).default([]),
  addresses: z.array(Address).max(MAX_ADDRESSES).default([]),
});
export type Customer = z.infer<typeof Customer>;

/** An order or a delivery note from the ERP: what a complaint is created from. */
export const SalesDocument = z.object({
  number: id,
  kind: z.enum(['ORDER', 'DELIVERY_NOTE']),
  customerCode: z.string().min(1).max(20),
  productCode: z.string().min(1).max(64),
  productName: z.string().min(1).max(200),
  serialNumber: z.string().min(1).max(64).optional(),
  shipDate: isoDate,
  warrantyMonths: z.number().int().min(0).max(240),
  salespersonId: id,
});
export type SalesDocument = z.infer<typeof SalesDocument>;

export const Person = z.object({
  personId: id,
  name: z.string().trim().min(1).max(200),
  roles: z.array(Role).min(1).max(Role.options.length),
  phone: z.string().max(40).optional(),
  email: z.email().max(254).optional(),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  channels: z.array(Channel).max(Channel.options.length).default(['SMS', 'EMAIL']),
  managerId: id.optional(),
  /** The desk phone's extension the phone system names in its call events: the agent's console pops up their calls. */
  extension: z.string().trim().regex(/^[0-9A-Za-z*#+-]{1,20}$/, 'an extension such as 8001').optional(),
  /** A person who has left or must not sign in any more is kept (history names them) but inactive. */
  active: z.boolean().default(true),
});
export type Person = z.infer<typeof Person>;

export const ComplaintStatus = z.enum([
  'RECEIVED', 'CLASSIFIED', 'AWAITING_PLAN', 'IN_PROGRESS', 'AWAITING_CAPA', 'AWAITING_SALES_CONFIRMATION',
  'REVISION_REQUESTED', 'CONFIRMED', 'RESPONDED', 'CLOSED',
]);
export type ComplaintStatus = z.infer<typeof ComplaintStatus>;

export type HumanStep = 'PLAN' | 'TASK' | 'CAPA' | 'SALES_CONFIRMATION' | 'RESPONSE_REVISION' | 'FOLLOW_UP';

/**
 * Where the confirmed response was sent, and why there: to the contact who complained when master
 * data knows them, otherwise to the customer's general address.
 */
export interface ResponseSentTo {
  channel: Channel;
  address: string;
  /** The customer's contact it went to (absent for the general address). */
  contactName?: string;
  basis: 'COMPLAINT_CONTACT' | 'CUSTOMER_DEFAULT';
}

export interface ResponseDraft {
  revision: number;
  text: string;
  /** The revision's documents (the customer's format), and the hash sales confirm (response-revision.ts). */
  documents?: import('./response-revision.ts').ResponseDocument[];
  /** The format the documents are in (the customer's setting when the revision was made). */
  format?: 'LETTER' | '8D' | 'TEMPLATE';
  /** The preventive actions (CAPA ids) the revision's documents contain: fed back when it is delivered. */
  preventiveActionIds?: string[];
  /** The short text the documents go with (email body; SMS with a download link). */
  messageBody?: string;
  contentHash?: string;
  decision?: 'CONFIRMED' | 'REJECTED';
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
  sentTo?: ResponseSentTo;
}

export interface Complaint {
  complaintId: string;
  status: ComplaintStatus;
  customerCode: string;
  customerName: string;
  documentNumber: string;
  productCode: string;
  productName: string;
  serialNumber?: string;
  shipDate: string;
  warranty: 'IN_WARRANTY' | 'OUT_OF_WARRANTY';
  salespersonId: string;
  description: string;
  customerRequirements?: string;
  contactName?: string;
  contactPhone?: string;
  preferredVisitTime?: string;
  /** The phone system's call this complaint was taken on. */
  callId?: string;
  /** The email it was made from (its intake item, EM-…). */
  emailIntakeId?: string;
  /** Open-case markers held while the complaint is open (customer + document, + serial). */
  openKeys?: string[];
  executionId?: string;
  slaPolicy?: string;
  /** The SLA policy and calendar in force when the complaint was classified (rules may change later). */
  sla?: { policy: import('./rules.ts').SlaPolicy; calendar: import('./calendar.ts').BusinessCalendar };
  /** People named in advance who receive the plan and its deadlines. */
  watchers?: string[];
  urgency: Urgency;
  category: Category;
  recordedBy: string;
  receivedAt: string;
  planDueAt?: string;
  resolutionDueAt?: string;
  plan?: { submittedBy: string; submittedAt: string; summary: string };
  planOverdueAt?: string;
  response?: ResponseDraft;
  /** While AWAITING_CAPA: what the CAPA lacks before the response can be drafted. */
  capaMissing?: import('./capa.ts').CapaRequirement[];
  stepTokens?: Partial<Record<HumanStep, string>>;
  respondedAt?: string;
  closedAt?: string;
  /** On hold while the team waits for the customer: every open task's clock is paused (domain/holds.ts). */
  hold?: import('./holds.ts').Hold;
  /** Working minutes the complaint has been on hold, in all (added to its deadlines on release). */
  heldWorkingMinutes?: number;
  /** The customer's satisfaction after the close (shared/domain/follow-up.ts). */
  followUp?: import('./follow-up.ts').FollowUp;
  /** The handling round: 1, then 2… each time a manager reopens the closed complaint. */
  round?: number;
  /** The earlier rounds as they were closed (plan, response, follow-up, deadlines), oldest first. */
  rounds?: ArchivedRound[];
}

/** A handling round kept on the complaint when a manager reopens it (history, never changed). */
export interface ArchivedRound {
  round: number;
  plan?: Complaint['plan'];
  response?: ResponseDraft;
  followUp?: Complaint['followUp'];
  planDueAt?: string;
  resolutionDueAt?: string;
  planOverdueAt?: string;
  respondedAt?: string;
  closedAt?: string;
  reopenedAt: string;
  reopenedBy: string;
  reason: string;
}

/** The round a complaint is in: 1 until it is reopened. */
export const roundOf = (c: Pick<Complaint, 'round'>) => c.round ?? 1;

export interface ComplaintTask {
  complaintId: string;
  taskId: string;
  title: string;
  assigneeId: string;
  dueAt: string;
  status: 'OPEN' | 'DONE';
  /** The investigation: its assignee may record the CAPA (root cause, preventive actions). */
  investigation?: boolean;
  /** The handling round the task was planned in (absent: 1). */
  round?: number;
  notes?: string;
  completedBy?: string;
  completedAt?: string;
  stepToken?: string;
  /** When the task chases whom (reminders, then escalation levels), fixed when planned. */
  checkpoints?: import('./rules.ts').Checkpoint[];
  /** Indexes of the checkpoints that have fired; each fires once. */
  firedCheckpoints?: number[];
  /** On hold: its clock is paused (domain/holds.ts). */
  hold?: import('./holds.ts').Hold;
  /** Working minutes the task's clock was paused, in all (its own holds and its complaint's). */
  heldWorkingMinutes?: number;
  /** Counts the hold changes that touched the task, so a waiting step that missed one sees it. */
  holdVersion?: number;
}
