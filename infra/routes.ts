/**
 * The HTTP API, defined once: the service stack creates one function and one route per entry,
 * and the local cloud serves exactly the routes that end up in the synthesized template.
 */
import type { RouteId } from '../shared/api/contract.ts';
import type { AttachmentAccess, ResponseDocumentAccess, TableAccess } from './complaint-function.ts';

export interface RouteDefinition {
  /** Also the key of the route's request schemas in shared/api/contract.ts. */
  readonly id: RouteId;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  /** Handler file under functions/, without extension. */
  readonly handler: string;
  readonly description: string;
  /** What it does with the complaint table; `readWriteDelete` only where an item is deleted (see TableAccess). */
  readonly access: TableAccess;
  /** Starts lifecycle executions. */
  readonly startsWorkflow?: boolean;
  /** Gives complaints their numbers (takes and releases them: shared/store/complaint-numbers.ts). */
  readonly numbersComplaints?: boolean;
  /** Resumes a waiting lifecycle execution (SendTaskSuccess). */
  readonly resumesWorkflow?: boolean;
  /**
   * Who may call it. Every route is for signed-in staff (the JWT authorizer, then the access
   * matrix in shared/api/access.ts) except the phone system's webhook, which is signed with the
   * shared webhook secret (HMAC) instead, and the routes a signed action link opens.
   */
  readonly caller?: 'phoneSystem' | 'actionLink';
  /** Verifies phone-system signatures with the shared webhook secret. */
  readonly phoneWebhookSecret?: boolean;
  /** Creates, updates, enables and disables the staff's user accounts (people imports). */
  readonly manageAccounts?: boolean;
  /** Sends SMS and email. */
  readonly messaging?: boolean;
  /** Longer than the default 10 s (API Gateway answers 504 after 30 s whatever the function does). */
  readonly timeoutSeconds?: number;
  /** Signs upload/download links for evidence in the attachments bucket, or checks (and removes) an upload. */
  readonly attachments?: AttachmentAccess;
  /** Renders response documents (writes them; reads customers' templates) or signs download links to them. */
  readonly responseDocuments?: Exclude<ResponseDocumentAccess, 'send'>;
  /** Signs upload links for customers' response templates, or checks (and removes) an upload. */
  readonly responseTemplates?: 'upload' | 'confirm';
}

export const routes: readonly RouteDefinition[] = [
  { id: 'PhoneCallEvent', method: 'POST', path: '/phone-system/call-events', handler: 'api/phone-call-event',
    description: 'Phone system (PBX/CTI) webhook: signed call events, answered with the screen pop', access: 'readWrite', caller: 'phoneSystem', phoneWebhookSecret: true },
  { id: 'ImportMasterData', method: 'POST', path: '/master-data/{kind}/imports', handler: 'api/import-master-data',
    description: 'Import customers, orders/delivery notes or people (CSV or JSON), checked row by row', access: 'readWriteDelete', manageAccounts: true, timeoutSeconds: 29 },
  { id: 'LookupCaller', method: 'GET', path: '/callers/{phone}', handler: 'api/lookup-caller',
    description: 'Caller ID: the customers behind a phone number, with recent documents and complaints', access: 'read' },
  { id: 'GetCurrentCall', method: 'GET', path: '/calls/current', handler: 'api/get-current-call',
    description: "The call ringing or answered at the signed-in agent's desk extension, with the caller's screen pop (the console asks every few seconds)", access: 'read' },
  { id: 'LookupDocument', method: 'GET', path: '/documents/{documentNumber}', handler: 'api/lookup-document',
    description: 'An order or delivery note as a new complaint would take it: warranty, customer and contacts, salesperson, the open complaint it would be linked to', access: 'read' },
  { id: 'CreateComplaint', method: 'POST', path: '/complaints', handler: 'api/create-complaint',
    description: 'Record a complaint from an order or delivery-note number and start its lifecycle', access: 'readWrite', startsWorkflow: true, numbersComplaints: true },
  { id: 'GetComplaint', method: 'GET', path: '/complaints/{complaintId}', handler: 'api/get-complaint',
    description: 'A complaint with its tasks and attachments, and the first page of its timeline and of its messages', access: 'read' },
  { id: 'GetComplaintTimeline', method: 'GET', path: '/complaints/{complaintId}/timeline', handler: 'api/get-complaint-timeline',
    description: "A page of the complaint's timeline, oldest first", access: 'read' },
  { id: 'GetComplaintDeliveries', method: 'GET', path: '/complaints/{complaintId}/deliveries', handler: 'api/get-complaint-deliveries',
    description: 'A page of the messages sent about the complaint (SMS and email, with their status)', access: 'read' },
  { id: 'SubmitPlan', method: 'POST', path: '/complaints/{complaintId}/plan', handler: 'api/submit-plan',
    description: 'Quality manager submits the handling plan as tasks with deadlines', access: 'readWrite', resumesWorkflow: true },
  { id: 'CompleteTask', method: 'POST', path: '/complaints/{complaintId}/tasks/{taskId}/complete', handler: 'api/complete-task',
    description: 'Assignee closes a task with notes', access: 'readWrite', resumesWorkflow: true },
  { id: 'SalesDecision', method: 'POST', path: '/complaints/{complaintId}/sales-decision', handler: 'api/sales-decision',
    description: 'Salesperson confirms or rejects the response', access: 'readWrite', resumesWorkflow: true },
  { id: 'ReviseResponse', method: 'PUT', path: '/complaints/{complaintId}/response', handler: 'api/revise-response',
    description: "Quality manager revises a rejected response (the documents are made again in the customer's format)", access: 'readWrite', resumesWorkflow: true,
    responseDocuments: 'render', timeoutSeconds: 29 },
  { id: 'AddAttachment', method: 'POST', path: '/complaints/{complaintId}/attachments', handler: 'api/add-attachment',
    description: 'Announce evidence (photo, screenshot, PDF) and get a signed upload link', access: 'readWrite', attachments: 'upload' },
  { id: 'ConfirmAttachment', method: 'POST', path: '/complaints/{complaintId}/attachments/{attachmentId}/confirm', handler: 'api/confirm-attachment',
    description: 'Check an uploaded attachment against its announced type and size', access: 'readWrite', attachments: 'confirm' },
  { id: 'GetAttachment', method: 'GET', path: '/complaints/{complaintId}/attachments/{attachmentId}', handler: 'api/get-attachment',
    description: 'A signed download link for an attachment', access: 'read', attachments: 'download' },
  { id: 'GetRules', method: 'GET', path: '/config/rules', handler: 'api/get-rules',
    description: 'The company rules: business calendar, SLA policies, routing (defaults until saved)', access: 'read' },
  { id: 'SaveRules', method: 'PUT', path: '/config/rules', handler: 'api/save-rules',
    description: 'Replace the company rules (validated as a whole; optimistic version check)', access: 'readWrite' },
  { id: 'ChangeClassification', method: 'PUT', path: '/complaints/{complaintId}/classification', handler: 'api/change-classification',
    description: 'A manager overrides urgency or category; the change and its reason are recorded', access: 'readWrite', messaging: true, resumesWorkflow: true },
  { id: 'GetCapa', method: 'GET', path: '/complaints/{complaintId}/capa', handler: 'api/get-capa',
    description: "The complaint's corrective and preventive action (containment, root cause, preventive actions) and its version", access: 'read' },
  { id: 'SaveCapa', method: 'PUT', path: '/complaints/{complaintId}/capa', handler: 'api/save-capa',
    description: 'Record or change the corrective and preventive action (optimistic version check; each change on the timeline)', access: 'readWrite', resumesWorkflow: true },
  { id: 'PlaceHold', method: 'POST', path: '/complaints/{complaintId}/hold', handler: 'api/place-hold',
    description: 'Put the complaint, or one of its tasks, on hold while waiting on the customer: its SLA clocks pause', access: 'readWrite', resumesWorkflow: true },
  { id: 'ReleaseHold', method: 'POST', path: '/complaints/{complaintId}/hold/release', handler: 'api/release-hold',
    description: 'Release a hold: the clocks resume with the working time held added to deadlines, reminders and escalations', access: 'readWrite', resumesWorkflow: true },
  { id: 'InspectActionLink', method: 'POST', path: '/action-links/inspect', handler: 'api/inspect-action-link',
    description: 'What a signed action link is for (the complaint and the response to confirm, with its documents), without sign-in', access: 'read', caller: 'actionLink',
    responseDocuments: 'download' },
  { id: 'SalesDecisionByLink', method: 'POST', path: '/action-links/sales-decision', handler: 'api/sales-decision-by-link',
    description: 'The salesperson confirms or rejects the response through a signed, single-use link', access: 'readWrite', caller: 'actionLink', resumesWorkflow: true },
  { id: 'OpenResponseDocuments', method: 'POST', path: '/action-links/response-documents', handler: 'api/open-response-documents',
    description: "The customer's signed link: download links for the documents of the response sent to them", access: 'read', caller: 'actionLink',
    responseDocuments: 'download' },
  { id: 'GetResponseDocuments', method: 'GET', path: '/complaints/{complaintId}/response/documents', handler: 'api/get-response-documents',
    description: "Download links (five minutes) for the current response revision's documents, to read before confirming", access: 'read',
    responseDocuments: 'download' },
  { id: 'ReopenComplaint', method: 'POST', path: '/complaints/{complaintId}/reopen', handler: 'api/reopen-complaint',
    description: 'A manager reopens a closed complaint into a new handling round (the closed round kept as history)', access: 'readWrite', startsWorkflow: true,
    resumesWorkflow: true },
  { id: 'GetResponseFormat', method: 'GET', path: '/customers/{customerCode}/response-format', handler: 'api/get-response-format',
    description: "A customer's response format (letter, 8D report or their own template) and the placeholders a template may use", access: 'read' },
  { id: 'SaveResponseFormat', method: 'PUT', path: '/customers/{customerCode}/response-format', handler: 'api/save-response-format',
    description: "Choose a customer's response format: LETTER, 8D, or TEMPLATE (a template must be on file)", access: 'readWrite' },
  { id: 'AddResponseTemplate', method: 'POST', path: '/customers/{customerCode}/response-template', handler: 'api/add-response-template',
    description: "Announce the customer's own DOCX response template and get a signed upload link", access: 'read', responseTemplates: 'upload' },
  { id: 'ConfirmResponseTemplate', method: 'POST', path: '/customers/{customerCode}/response-template/{uploadId}/confirm', handler: 'api/confirm-response-template',
    description: 'Check an uploaded template (a DOCX whose placeholders the system fills) and make it the customer\'s response format', access: 'readWrite', responseTemplates: 'confirm' },
  { id: 'RecordFollowUpCall', method: 'POST', path: '/complaints/{complaintId}/follow-up', handler: 'api/record-follow-up-call',
    description: "A service agent records the customer's satisfaction from a follow-up call (once; rating 1-5 and a comment)", access: 'readWrite', resumesWorkflow: true,
    messaging: true },
  { id: 'AnswerSatisfactionByLink', method: 'POST', path: '/action-links/satisfaction', handler: 'api/answer-satisfaction-by-link',
    description: 'The customer rates the handling of their complaint (1-5, with a comment) through a signed, single-use follow-up link', access: 'readWrite', caller: 'actionLink', resumesWorkflow: true },
  // Work queues: a page of one index Query each, with every row's SLA state.
  { id: 'ListOpenComplaints', method: 'GET', path: '/queues/open-complaints', handler: 'api/list-open-complaints',
    description: 'Open complaints, URGENT first, each by its most pressing deadline; filter by status, category, customer, date received', access: 'read' },
  { id: 'ListSlaRisk', method: 'GET', path: '/queues/sla-risk', handler: 'api/list-sla-risk',
    description: 'Open complaints at risk (under a quarter of the deadline\'s window left) or past their plan or resolution deadline', access: 'read' },
  { id: 'ListMyTasks', method: 'GET', path: '/queues/my-tasks', handler: 'api/list-my-tasks',
    description: 'Your open tasks (a manager: anyone\'s), earliest deadline first', access: 'read' },
  { id: 'ListOverdueTasks', method: 'GET', path: '/queues/overdue-tasks', handler: 'api/list-overdue-tasks',
    description: 'Open tasks past their deadline (paused ones left out), earliest first', access: 'read' },
  { id: 'ListAwaitingConfirmation', method: 'GET', path: '/queues/awaiting-confirmation', handler: 'api/list-awaiting-confirmation',
    description: 'Responses waiting for your confirmation (the sales manager: anyone\'s), most pressing first', access: 'read' },
  { id: 'ListFollowUpsDue', method: 'GET', path: '/queues/follow-ups', handler: 'api/list-follow-ups-due',
    description: 'Follow-ups not yet answered, by when their next step (request, chase, giving up) is due', access: 'read' },
  { id: 'ListCustomerComplaints', method: 'GET', path: '/customers/{customerCode}/complaints', handler: 'api/list-customer-complaints',
    description: "One customer's complaints, newest first: open or done, by category, by date received", access: 'read' },
  // Complaints by email: what an agent triages.
  { id: 'ListEmailIntake', method: 'GET', path: '/queues/email-intake', handler: 'api/list-email-intake',
    description: 'Emails waiting for an agent (sender, subject, match to a customer, age), oldest first; or those kept aside', access: 'read' },
  { id: 'GetEmailIntake', method: 'GET', path: '/email-intake/{inboundId}', handler: 'api/get-email-intake',
    description: 'A received email: sender and its customer match, text, attachments (taken as evidence or why not), what became of it', access: 'read' },
  { id: 'CompleteEmailIntake', method: 'POST', path: '/email-intake/{inboundId}/complaint', handler: 'api/complete-email-intake',
    description: 'Make a waiting email into a complaint (document number, urgency, category): its lifecycle starts, the email and its files go with it', access: 'readWrite',
    startsWorkflow: true, numbersComplaints: true },
  { id: 'DismissEmailIntake', method: 'POST', path: '/email-intake/{inboundId}/dismiss', handler: 'api/dismiss-email-intake',
    description: 'Dismiss a waiting email that is not a complaint, with the reason', access: 'readWrite' },
  // Reports: JSON, or CSV with ?format=csv; a period of whole months.
  { id: 'GetCustomerStatusReport', method: 'GET', path: '/reports/customer-status', handler: 'api/get-customer-status-report',
    description: 'Complaint status per customer: received, done, in progress in the period (one customer: with its complaints)', access: 'read' },
  { id: 'GetPreventiveMeasuresReport', method: 'GET', path: '/reports/preventive-measures', handler: 'api/get-preventive-measures-report',
    description: 'Per complaint: root cause, each preventive action, its status, verified, and whether (and when) it was fed back to the customer', access: 'read' },
  { id: 'GetTaskProgressReport', method: 'GET', path: '/reports/task-progress', handler: 'api/get-task-progress-report',
    description: 'Task progress per assignee or per complaint: done (on time), open, overdue, with deadlines', access: 'read' },
  { id: 'GetSlaComplianceReport', method: 'GET', path: '/reports/sla-compliance', handler: 'api/get-sla-compliance-report',
    description: 'Plan and resolution on time, first-notification delay, satisfaction: per month, category and urgency, in percent with counts', access: 'read' },
];
