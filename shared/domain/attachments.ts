import { z } from 'zod';
import { singleLine } from './text.ts';

/** Evidence the customer or the agent can attach: photos, screenshots, scanned documents. */
export const ALLOWED_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'] as const;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_COMPLAINT = 30;
/** How long an upload or download link stays valid. */
export const LINK_SECONDS = 900;

export const AttachmentRequest = z.object({
  // Single-line text like every other name (no control characters, something visible), then
  // no folders: a bare z.string() let a form feed or a bell into stored names (fuzz.test.ts).
  fileName: singleLine(200).regex(/^[^/\\]+$/, 'a file name, without folders'),
  contentType: z.enum(ALLOWED_CONTENT_TYPES, { message: `one of ${ALLOWED_CONTENT_TYPES.join(', ')}` }),
  sizeBytes: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES, `at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB`),
}).strict();
export type AttachmentRequest = z.infer<typeof AttachmentRequest>;

export interface Attachment extends AttachmentRequest {
  complaintId: string;
  attachmentId: string;
  objectKey: string;
  status: 'PENDING' | 'UPLOADED' | 'REJECTED';
  addedBy: string;
  addedAt: string;
  uploadedAt?: string;
  rejection?: string;
}

/** What was stored must be what was announced; otherwise the upload is refused and removed. */
export function checkUploadedObject(expected: Pick<Attachment, 'contentType' | 'sizeBytes'>, actual: { contentType?: string; sizeBytes?: number }): string | undefined {
  if (actual.sizeBytes !== expected.sizeBytes) return `uploaded ${actual.sizeBytes ?? 0} bytes, announced ${expected.sizeBytes}`;
  if (actual.contentType !== expected.contentType) return `uploaded as ${actual.contentType ?? 'unknown'}, announced ${expected.contentType}`;
  return undefined;
}
