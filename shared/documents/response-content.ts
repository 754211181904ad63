import type { Capa } from '../domain/capa.ts';
import { ACTION_STATUS_LABELS, companyTimeZone, formatDay, ROOT_CAUSE_CATEGORY_LABELS } from '../domain/capa-labels.ts';
import type { Complaint, ComplaintTask, Customer } from '../domain/model.ts';
import { draftResponse } from '../domain/response.ts';
import type { FieldName, LoopItem, LoopName } from './placeholders.ts';

/**
 * What a response document is made of: every placeholder of placeholders.ts with its value, as
 * text already written for the customer (dates in the company's time zone, labels in the
 * customer's language, '' for what the complaint does not have), plus the language. The type is
 * derived from the placeholder lists, so a placeholder cannot exist without a value or the
 * reverse. The built-in letter and 8D report are laid out from it, a customer's template is filled
 * with it, and the quality manager may edit its texts before sales see the response.
 */
export type ResponseContent =
  & {
    locale: Customer['locale'];
    /** The document's date as an ISO instant: its PDF and zip timestamps (see zip.ts), not a placeholder. */
    documentDate: string;
  }
  & Record<FieldName, string>
  & { [L in LoopName]: LoopItem<L>[] };

/** What the system stores about a complaint that goes into its response. */
export interface ResponseSources {
  complaint: Complaint;
  tasks: readonly ComplaintTask[];
  capa?: Capa;
  customer: Pick<Customer, 'code' | 'name' | 'locale'>;
  /** personId → name, for owners, assignees, verifiers and the team; an unknown id is shown as is. */
  people: ReadonlyMap<string, string>;
  /** The day of the response document. */
  date: Date;
  /**
   * The letter as the quality manager last edited it (the complaint's response revision). Absent:
   * the system's draft (draftResponse), the same text the workflow drafts.
   */
  letterText?: string;
}

/** The response's content, from what the system stores. Pure: the same sources give the same content. */
export function buildResponseContent(s: ResponseSources): ResponseContent {
  const { complaint: c, capa, customer: { locale } } = s;
  const timeZone = companyTimeZone(c);
  const day = (at: string | Date | undefined) => (at === undefined ? '' : formatDay(at, locale, timeZone));
  const name = (personId: string | undefined) => (personId === undefined ? '' : s.people.get(personId) ?? personId);
  const actions = capa?.preventiveActions ?? [];
  const team = [
    c.plan?.submittedBy,
    ...s.tasks.map((t) => t.assigneeId),
    ...actions.flatMap((a) => [a.ownerId, a.implementedBy, a.verifiedBy]),
  ].filter((id): id is string => Boolean(id));
  return {
    locale,
    documentDate: s.date.toISOString(),
    complaintId: c.complaintId,
    customerName: s.customer.name,
    customerCode: s.customer.code,
    contactName: c.contactName ?? '',
    productName: c.productName,
    productCode: c.productCode,
    serialNumber: c.serialNumber ?? '',
    documentNumber: c.documentNumber,
    receivedDate: day(c.receivedAt),
    description: c.description,
    customerRequirements: c.customerRequirements ?? '',
    containment: capa?.containment ?? '',
    rootCauseCategory: capa?.rootCause ? ROOT_CAUSE_CATEGORY_LABELS[locale][capa.rootCause.category] : '',
    rootCause: capa?.rootCause?.description ?? '',
    correctiveAction: capa?.correctiveAction ?? '',
    responseDate: day(s.date),
    letterText: s.letterText ?? draftResponse(c, s.tasks, { locale, date: s.date }, capa),
    preventiveActions: actions.map((a) => ({
      id: a.id,
      description: a.description,
      owner: name(a.ownerId),
      dueDate: day(a.dueAt),
      status: ACTION_STATUS_LABELS[locale][a.status],
      implementedDate: day(a.implementedAt),
      verifiedBy: name(a.verifiedBy),
      verifiedDate: day(a.verifiedAt),
    })),
    tasks: s.tasks.map((t) => ({
      title: t.title,
      assignee: name(t.assigneeId),
      dueDate: day(t.dueAt),
      completedDate: t.status === 'DONE' ? day(t.completedAt) : '',
      notes: t.notes ?? '',
    })),
    team: [...new Set(team)].map((personId) => ({ name: name(personId) })),
  };
}
