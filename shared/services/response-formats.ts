import { randomUUID } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ResponseFormatChange, TemplateUploadRequest } from '../api/contract.ts';
import { DOCX_TYPE } from '../documents/render.ts';
import { placeholderList } from '../documents/placeholders.ts';
import { checkTemplate, MAX_TEMPLATE_BYTES } from '../documents/template.ts';
import { LINK_SECONDS } from '../domain/attachments.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import type { Person } from '../domain/model.ts';
import { sha256Hex } from '../domain/response-revision.ts';
import { getCustomer } from '../store/master-data.ts';
import { getResponseFormat, putResponseFormat } from '../store/response-formats.ts';

const s3 = new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' });

const templateKey = (customerCode: string, uploadId: string) => `customer-templates/${customerCode}/${uploadId}.docx`;

async function existingCustomer(code: string) {
  const customer = await getCustomer(code);
  if (!customer) throw notFound('customer', code);
  return customer;
}

/** The customer's response format, its template if any, and the placeholders a template may use. */
export async function readResponseFormat(customerCode: string) {
  await existingCustomer(customerCode);
  return { ...await getResponseFormat(customerCode), placeholders: placeholderList() };
}

/** Choose the built-in letter or 8D report, or go back to the customer's template (which must be on file). */
export async function chooseResponseFormat(customerCode: string, change: ResponseFormatChange, actor: Person, now = new Date()) {
  await existingCustomer(customerCode);
  const current = await getResponseFormat(customerCode);
  if (change.format === 'TEMPLATE' && !current.template) {
    throw new DomainError('NoTemplate', `customer ${customerCode} has no template on file; upload one first`, 409, 'body.format');
  }
  const next = { ...current, format: change.format, updatedBy: actor.personId, updatedAt: now.toISOString() };
  await putResponseFormat(next);
  return { ...next, placeholders: placeholderList() };
}

/** A short-lived link to upload the customer's DOCX template; it is checked by confirmTemplate. */
export async function startTemplateUpload(bucket: string, customerCode: string, request: TemplateUploadRequest, now = new Date()) {
  await existingCustomer(customerCode);
  const uploadId = randomUUID();
  const url = await getSignedUrl(s3, new PutObjectCommand({
    Bucket: bucket, Key: templateKey(customerCode, uploadId), ContentType: DOCX_TYPE, ContentLength: request.sizeBytes,
  }), { expiresIn: LINK_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) });
  return {
    uploadId,
    upload: { method: 'PUT' as const, url, headers: { 'content-type': DOCX_TYPE, 'content-length': String(request.sizeBytes) } },
    expiresAt: new Date(now.getTime() + LINK_SECONDS * 1000).toISOString(),
  };
}

/**
 * Check the uploaded template: a DOCX within the size limit whose placeholders are all ones the
 * system fills. Accepted, it becomes the customer's response format; refused, the upload is
 * deleted and the answer names the problem (a 400 naming the unknown placeholder, a 413 for size).
 */
export async function confirmTemplate(bucket: string, customerCode: string, uploadId: string, fileName: string, actor: Person, now = new Date()) {
  await existingCustomer(customerCode);
  const objectKey = templateKey(customerCode, uploadId);
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey })).catch((error) => {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  });
  if (!head) throw new DomainError('NotUploaded', `nothing was uploaded for template ${uploadId}`, 409);
  const current = await getResponseFormat(customerCode);
  if (current.template?.objectKey === objectKey) return { ...current, placeholders: placeholderList() }; // confirmed already
  try {
    if ((head.ContentLength ?? 0) > MAX_TEMPLATE_BYTES) throw new DomainError('TooLarge', `a template is at most ${MAX_TEMPLATE_BYTES / 1024 / 1024} MiB`, 413, 'upload');
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
    const bytes = await out.Body!.transformToByteArray();
    const placeholders = checkTemplate(bytes, 'upload');
    const next = {
      ...current, customerCode, format: 'TEMPLATE' as const, updatedBy: actor.personId, updatedAt: now.toISOString(),
      template: { objectKey, fileName, sha256: sha256Hex(bytes), sizeBytes: bytes.length, placeholders, uploadedBy: actor.personId, uploadedAt: now.toISOString() },
    };
    await putResponseFormat(next);
    return { ...next, placeholders: placeholderList() };
  } catch (error) {
    if (error instanceof DomainError) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey }));
    throw error;
  }
}
