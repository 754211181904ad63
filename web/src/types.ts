import type { z } from 'zod';
import type { ComplaintDetail, ComplaintQueueRow } from '../../shared/api/responses.ts';

/** The API's answers, typed from the one HTTP contract (shared/api/responses.ts); types only, nothing bundled. */
export type ComplaintDetailAnswer = z.output<typeof ComplaintDetail>;
export type QueueRow = z.output<typeof ComplaintQueueRow>;
export interface Page<T> { items: T[]; next?: string }
import type { answers, EmailIntakeRow, TaskQueueRow } from '../../shared/api/responses.ts';

export type TaskRow = z.output<typeof TaskQueueRow>;
export type EmailRow = z.output<typeof EmailIntakeRow>;
export type ResponseDocuments = z.output<(typeof answers)['GetResponseDocuments'][200]>;

import type { Category, Urgency } from '../../shared/domain/model.ts';
import type { ALLOWED_CONTENT_TYPES } from '../../shared/domain/attachments.ts';
type EvidenceType = (typeof ALLOWED_CONTENT_TYPES)[number];

/** The choices of the API's enums, kept here without bundling zod; a value added to the API and missing here is a type error. */
export const URGENCIES = ['URGENT', 'NORMAL'] as const satisfies readonly Urgency[];
export const CATEGORIES = ['PRODUCT_QUALITY', 'DELIVERY', 'SERVICE', 'BILLING', 'OTHER'] as const satisfies readonly Category[];
type Exhaustive<T extends never> = T;
export type CheckedChoices = [Exhaustive<Exclude<Urgency, (typeof URGENCIES)[number]>>, Exhaustive<Exclude<Category, (typeof CATEGORIES)[number]>>];
export type SlaComplianceAnswer = z.output<(typeof answers)['GetSlaComplianceReport'][200]>;
export type CustomerStatusAnswer = z.output<(typeof answers)['GetCustomerStatusReport'][200]>;
export type ActionLinkAnswer = z.output<(typeof answers)['InspectActionLink'][200]>;
export type LinkDocumentsAnswer = z.output<(typeof answers)['OpenResponseDocuments'][200]>;
export type CurrentCallAnswer = z.output<(typeof answers)['GetCurrentCall'][200]>;
export type PoppedCall = NonNullable<CurrentCallAnswer['call']>;
export type DocumentLookupAnswer = z.output<(typeof answers)['LookupDocument'][200]>;

/** The evidence the API takes (shared/domain/attachments.ts), for the file picker. */
export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'] as const satisfies readonly EvidenceType[];
export type CheckedEvidence = Exhaustive<Exclude<EvidenceType, (typeof EVIDENCE_TYPES)[number]>>;
export type PreventiveMeasuresAnswer = z.output<(typeof answers)['GetPreventiveMeasuresReport'][200]>;
export type TaskProgressAnswer = z.output<(typeof answers)['GetTaskProgressReport'][200]>;
export type ImportReportAnswer = z.output<(typeof answers)['ImportMasterData'][200]>;
export type StoredRulesAnswer = z.output<(typeof answers)['GetRules'][200]>;
