import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The response formats a customer's master data can name: the built-in formal letter, the built-in
 * 8D report, or the customer's own DOCX template (uploaded and checked, shared/documents/template.ts).
 */
export const ResponseFormatKind = z.enum(['LETTER', '8D', 'TEMPLATE'])
  .describe('LETTER: the built-in formal letter; 8D: the built-in 8D report; TEMPLATE: the customer\'s own DOCX template with placeholders');
export type ResponseFormatKind = z.infer<typeof ResponseFormatKind>;

/** The largest template a customer may upload: a form with a logo, not a catalogue. */
export const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;

/** A document of a response revision, stored in the attachments bucket, immutable once written. */
export interface ResponseDocument {
  name: string;
  contentType: string;
  /** Under complaints/<complaintId>/responses/: the key names the revision and the content's hash. */
  objectKey: string;
  sha256: string;
  sizeBytes: number;
}

export const sha256Hex = (content: Uint8Array | string) => createHash('sha256').update(content).digest('hex');

/**
 * The content hash of one response revision: its text and each document's name and SHA-256.
 * The salesperson confirms this hash (what they read), and SendResponse checks the bytes it
 * sends against it, so what reaches the customer is byte for byte what was confirmed.
 */
export function responseContentHash(revision: { text: string; documents?: readonly Pick<ResponseDocument, 'name' | 'sha256'>[] }): string {
  return sha256Hex(JSON.stringify({ text: revision.text, documents: (revision.documents ?? []).map((d) => [d.name, d.sha256]) }));
}
