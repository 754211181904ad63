import type { Role } from '../domain/model.ts';
import type { RouteId } from './contract.ts';

/**
 * Who may call which route, defined once: route × role → ALL (any item), OWN (only items the
 * person is tied to) or nothing (denied). The HTTP handler decides with it before the body is
 * parsed; the README's matrix is printed from it (`npm run access-matrix`); every cell is a test.
 *
 * OWN means, for a task assignee, the complaints they hold a task on (and, to complete one,
 * their own task); for a salesperson, the complaints about their orders. A person with several
 * roles gets the widest grant among them. The phone system's webhook is not here: it is
 * signed with the shared secret, not by a person.
 */
export type Grant = 'ALL' | 'OWN';
/** Routes called without signing in: the phone system's webhook (HMAC) and signed action links. */
export const UNSIGNED_IN_ROUTES = ['PhoneCallEvent', 'InspectActionLink', 'SalesDecisionByLink', 'OpenResponseDocuments', 'AnswerSatisfactionByLink'] as const;
export type StaffRouteId = Exclude<RouteId, (typeof UNSIGNED_IN_ROUTES)[number]>;

const managers = { SERVICE_MANAGER: 'ALL', QUALITY_MANAGER: 'ALL', SALES_MANAGER: 'ALL', PURCHASING_MANAGER: 'ALL', GENERAL_MANAGER: 'ALL' } as const;
/** Everyone who works on complaints sees them; assignees and salespeople only their own. */
const complaintReaders = { SERVICE_AGENT: 'ALL', ...managers, TASK_ASSIGNEE: 'OWN', SALES: 'OWN' } as const;

export const accessMatrix: Record<StaffRouteId, Partial<Record<Role, Grant>>> = {
  LookupCaller: { SERVICE_AGENT: 'ALL', ...managers },
  /** The call at the person's own desk extension (master data): the agent's screen pop. */
  GetCurrentCall: { SERVICE_AGENT: 'ALL', SERVICE_MANAGER: 'ALL' },
  /** What a complaint from a document would say, before it is made: for those who make them. */
  LookupDocument: { SERVICE_AGENT: 'ALL', SERVICE_MANAGER: 'ALL' },
  CreateComplaint: { SERVICE_AGENT: 'ALL', SERVICE_MANAGER: 'ALL' },
  GetComplaint: complaintReaders,
  GetComplaintTimeline: complaintReaders,
  GetComplaintDeliveries: complaintReaders,
  SubmitPlan: { QUALITY_MANAGER: 'ALL' },
  CompleteTask: { QUALITY_MANAGER: 'ALL', TASK_ASSIGNEE: 'OWN' },
  SalesDecision: { SALES_MANAGER: 'ALL', SALES: 'OWN' },
  ReviseResponse: { QUALITY_MANAGER: 'ALL' },
  ChangeClassification: { SERVICE_MANAGER: 'ALL', QUALITY_MANAGER: 'ALL', SALES_MANAGER: 'ALL', GENERAL_MANAGER: 'ALL' },
  AddAttachment: complaintReaders,
  ConfirmAttachment: complaintReaders,
  GetAttachment: complaintReaders,
  GetRules: { SERVICE_MANAGER: 'ALL', QUALITY_MANAGER: 'ALL', GENERAL_MANAGER: 'ALL', MASTER_DATA_ADMIN: 'ALL' },
  SaveRules: { GENERAL_MANAGER: 'ALL', MASTER_DATA_ADMIN: 'ALL' },
  ImportMasterData: { MASTER_DATA_ADMIN: 'ALL' },
  GetCapa: complaintReaders,
  /** The quality manager, and the assignees of the complaint's tasks (the investigation). */
  SaveCapa: { QUALITY_MANAGER: 'ALL', TASK_ASSIGNEE: 'OWN' },
  GetResponseDocuments: complaintReaders,
  /** After a low satisfaction score (or a problem that came back): a new handling round. */
  ReopenComplaint: { SERVICE_MANAGER: 'ALL', QUALITY_MANAGER: 'ALL', GENERAL_MANAGER: 'ALL' },
  /** A customer's response format and template: master data, kept by its administrators and quality. */
  GetResponseFormat: { MASTER_DATA_ADMIN: 'ALL', QUALITY_MANAGER: 'ALL', SERVICE_MANAGER: 'ALL', SALES_MANAGER: 'ALL', GENERAL_MANAGER: 'ALL' },
  SaveResponseFormat: { MASTER_DATA_ADMIN: 'ALL', QUALITY_MANAGER: 'ALL' },
  AddResponseTemplate: { MASTER_DATA_ADMIN: 'ALL', QUALITY_MANAGER: 'ALL' },
  ConfirmResponseTemplate: { MASTER_DATA_ADMIN: 'ALL', QUALITY_MANAGER: 'ALL' },
  /** The quality manager, who owns the plan and its deadlines, pauses and resumes them. */
  PlaceHold: { QUALITY_MANAGER: 'ALL' },
  ReleaseHold: { QUALITY_MANAGER: 'ALL' },
  /** The service desk calls the customer after the close and records the answer. */
  RecordFollowUpCall: { SERVICE_AGENT: 'ALL', SERVICE_MANAGER: 'ALL' },
  // Work queues: a salesperson sees their own orders' complaints, an assignee their own tasks.
  ListOpenComplaints: { SERVICE_AGENT: 'ALL', ...managers, SALES: 'OWN' },
  ListSlaRisk: { SERVICE_AGENT: 'ALL', ...managers, SALES: 'OWN' },
  ListMyTasks: { ...managers, TASK_ASSIGNEE: 'OWN' },
  ListOverdueTasks: { ...managers, TASK_ASSIGNEE: 'OWN' },
  ListAwaitingConfirmation: { SALES_MANAGER: 'ALL', GENERAL_MANAGER: 'ALL', SALES: 'OWN' },
  ListFollowUpsDue: { SERVICE_AGENT: 'ALL', SERVICE_MANAGER: 'ALL', QUALITY_MANAGER: 'ALL', GENERAL_MANAGER: 'ALL' },
  ListEmailIntake: { SERVICE_AGENT: 'ALL', SERVICE_MANAGER: 'ALL', GENERAL_MANAGER: 'ALL' },
  GetEmailIntake: { SERVICE_AGENT: 'ALL', SERVICE_MANAGER: 'ALL', GENERAL_MANAGER: 'ALL' },
  CompleteEmailIntake: { SERVICE_AGENT: 'ALL', SERVICE_MANAGER: 'ALL' },
  DismissEmailIntake: { SERVICE_AGENT: 'ALL', SERVICE_MANAGER: 'ALL' },
  ListCustomerComplaints: { SERVICE_AGENT: 'ALL', ...managers, SALES: 'OWN' },
  // Reports: what managers open every morning; the service desk sees where each customer stands.
  GetCustomerStatusReport: { SERVICE_AGENT: 'ALL', ...managers },
  GetPreventiveMeasuresReport: managers,
  GetTaskProgressReport: managers,
  GetSlaComplianceReport: managers,
};

/**
 * Lists that name no complaint: an OWN grant passes the door and the list shows only the
 * person's own rows (shared/services/queues.ts), instead of being refused.
 */
export const PERSONAL_LISTS: ReadonlySet<StaffRouteId> = new Set([
  'ListOpenComplaints', 'ListSlaRisk', 'ListMyTasks', 'ListOverdueTasks', 'ListAwaitingConfirmation', 'ListCustomerComplaints',
]);

/** The widest grant any of the roles has on the route, or undefined when all are denied. */
export function grantFor(route: StaffRouteId, roles: readonly Role[]): Grant | undefined {
  const grants = roles.map((role) => accessMatrix[route][role]);
  if (grants.includes('ALL')) return 'ALL';
  if (grants.includes('OWN')) return 'OWN';
  return undefined;
}
