import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Capa } from '../domain/capa.ts';
import type { Complaint, ComplaintTask, Customer, ResponseDraft } from '../domain/model.ts';
import { responseContentHash, sha256Hex, type ResponseDocument } from '../domain/response-revision.ts';
import { buildResponseContent } from '../documents/response-content.ts';
import { renderResponse } from '../documents/render.ts';
import { conflict } from '../domain/errors.ts';
import { logger } from '../lambda/logger.ts';
import { getComplaint } from '../store/complaints.ts';
import { putResponseDocument } from '../store/response-documents.ts';
import { getResponseFormat, type ResponseTemplate } from '../store/response-formats.ts';
import { getPeople } from '../store/master-data.ts';

const s3 = new S3Client({});

export interface RevisionSources {
  complaint: Complaint;
  tasks: readonly ComplaintTask[];
  capa?: Capa;
  customer: Customer;
  revision: number;
  /** The letter as the quality manager wrote it; absent for the system's first draft. */
  letterText?: string;
}

/**
 * A response revision in the customer's format: the documents rendered from the complaint, its
 * tasks and its CAPA (the built-in letter, the 8D report, or the customer's own template), stored
 * under the revision, and the content hash the salesperson will confirm.
 */
export async function renderRevision(bucket: string, s: RevisionSources, now: Date): Promise<ResponseDraft> {
  const setting = await getResponseFormat(s.customer.code);
  const ids = [s.complaint.plan?.submittedBy, ...s.tasks.map((t) => t.assigneeId),
    ...(s.capa?.preventiveActions ?? []).flatMap((a) => [a.ownerId, a.implementedBy, a.verifiedBy])];
  const people = await getPeople([...new Set(ids.filter((id): id is string => Boolean(id)))]);
  const content = buildResponseContent({
    complaint: s.complaint, tasks: s.tasks, capa: s.capa, customer: s.customer,
    people: new Map(people.map((p) => [p.personId, p.name])), date: now, letterText: s.letterText,
  });
  const template = setting.format === 'TEMPLATE' && setting.template ? await readTemplate(bucket, setting.template) : undefined;
  // A TEMPLATE setting whose template is gone or was overwritten after its check falls back to the
  // letter rather than failing the step for every complaint of the customer (a template is fixed by
  // uploading it again; the fallback is logged and the revision says format LETTER).
  const format = setting.format === 'TEMPLATE' && !template ? 'LETTER' : setting.format;
  const rendered = await renderResponse({ kind: format }, content, template);
  const documents = await Promise.all(rendered.files.map((file) => putResponseDocument(bucket, s.complaint.complaintId, s.revision, file)));
  const text = content.letterText;
  return {
    revision: s.revision, text, format, documents, messageBody: rendered.messageBody,
    // What the customer will read: the built-in formats show the preventive actions; a template
    // only through its preventiveActions loop or the letter text.
    preventiveActionIds: showsPreventiveActions(format, setting.template?.placeholders) ? (s.capa?.preventiveActions ?? []).map((a) => a.id) : [],
    contentHash: responseContentHash({ text, documents }),
  };
}

const showsPreventiveActions = (format: string, use?: ResponseTemplate['placeholders']) =>
  format !== 'TEMPLATE' || Boolean(use?.loops.some((l) => l.name === 'preventiveActions') || use?.fields.includes('letterText'));

/** The checked template's bytes, or undefined when it is gone or is no longer the bytes that were checked. */
async function readTemplate(bucket: string, template: ResponseTemplate): Promise<Uint8Array | undefined> {
  let bytes: Uint8Array;
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: template.objectKey }));
    bytes = await out.Body!.transformToByteArray();
  } catch (error) {
    if ((error as Error).name !== 'NoSuchKey') throw error; // throttling or a 5xx: the step retries
    logger.warn('response template missing; drafting the letter instead', { objectKey: template.objectKey });
    return undefined;
  }
  if (sha256Hex(bytes) === template.sha256) return bytes;
  logger.warn('response template changed after its check; drafting the letter instead', { objectKey: template.objectKey });
  return undefined;
}

/** How long a download URL of a response document is good: long enough to open it, no more. */
const DOWNLOAD_SECONDS = 300;

/** Short-lived download URLs for a revision's documents (sales preview them; the customer downloads them). */
export async function documentDownloads(bucket: string, documents: readonly ResponseDocument[]) {
  return Promise.all(documents.map(async (d) => ({
    name: d.name, contentType: d.contentType, sizeBytes: d.sizeBytes, sha256: d.sha256,
    url: await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: d.objectKey }), { expiresIn: DOWNLOAD_SECONDS }),
  })));
}

/** The current revision's documents, for staff to read (the salesperson before confirming). */
export async function currentResponseDocuments(bucket: string, complaintId: string) {
  const complaint = await getComplaint(complaintId);
  if (!complaint.response) throw conflict(`complaint ${complaintId} has no response drafted yet`);
  const { revision, contentHash, documents = [] } = complaint.response;
  return { complaintId, revision, contentHash, documents: await documentDownloads(bucket, documents) };
}
