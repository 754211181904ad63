import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Capa } from '../domain/capa.ts';
import type { Complaint, ComplaintTask, Customer, ResponseDraft } from '../domain/model.ts';
import { responseContentHash, sha256Hex, type ResponseDocument } from '../domain/response-revision.ts';
import { buildResponseContent } from '../documents/response-content.ts';
import { renderResponse } from '../documents/render.ts';
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
  // A TEMPLATE setting whose template is gone falls back to the letter rather than blocking the response.
  const format = setting.format === 'TEMPLATE' && !template ? 'LETTER' : setting.format;
  const rendered = await renderResponse({ kind: format }, content, template);
  const documents = await Promise.all(rendered.files.map((file) => putResponseDocument(bucket, s.complaint.complaintId, s.revision, file)));
  const text = content.letterText;
  return {
    revision: s.revision, text, format, documents, messageBody: rendered.messageBody,
    preventiveActionIds: (s.capa?.preventiveActions ?? []).map((a) => a.id),
    contentHash: responseContentHash({ text, documents }),
  };
}

async function readTemplate(bucket: string, template: ResponseTemplate): Promise<Uint8Array> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: template.objectKey }));
  const bytes = await out.Body!.transformToByteArray();
  if (sha256Hex(bytes) !== template.sha256) throw new Error(`the response template ${template.objectKey} changed after it was checked`);
  return bytes;
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
