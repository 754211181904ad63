import { createHash } from 'node:crypto';

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
