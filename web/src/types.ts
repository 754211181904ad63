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
