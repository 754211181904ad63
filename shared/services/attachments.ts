import { randomUUID } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  LINK_SECONDS, MAX_ATTACHMENTS_PER_COMPLAINT, checkUploadedObject, type Attachment, type AttachmentRequest,
} from '../domain/attachments.ts';
import { conflict, DomainError } from '../domain/errors.ts';
import { getComplaintRecord } from '../store/complaints.ts';
import { getAttachment, putAttachment, settleAttachment } from '../store/attachments.ts';
import type { Person } from '../domain/model.ts';

// Checksums only where S3 requires them: otherwise the SDK signs the checksum of an empty body
// into presigned PUT links, and S3 refuses every real upload made with them.
const s3 = new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' });

/**
 * Announce an attachment and get a short-lived upload link. The link is signed for exactly the
 * announced type and size; the upload is then confirmed with `confirmAttachment`, which checks
 * what actually arrived.
 */
export async function startAttachment(bucket: string, complaintId: string, request: AttachmentRequest, actor: Person, now = new Date()) {
  const { complaint, attachments } = await getComplaintRecord(complaintId);
  if (complaint.status === 'CLOSED') throw conflict(`complaint ${complaintId} is closed`);
  if (attachments.length >= MAX_ATTACHMENTS_PER_COMPLAINT) throw conflict(`complaint ${complaintId} has ${MAX_ATTACHMENTS_PER_COMPLAINT} attachments already`);
  const attachmentId = randomUUID();
  const attachment: Attachment = {
    ...request, complaintId, attachmentId, objectKey: `complaints/${complaintId}/${attachmentId}`,
    status: 'PENDING', addedBy: actor.personId, addedAt: now.toISOString(),
  };
  await putAttachment(attachment);
  const uploadUrl = await getSignedUrl(s3, new PutObjectCommand({
    Bucket: bucket, Key: attachment.objectKey, ContentType: request.contentType, ContentLength: request.sizeBytes,
  }), { expiresIn: LINK_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) });
  return {
    attachmentId,
    upload: { method: 'PUT' as const, url: uploadUrl, headers: { 'content-type': request.contentType, 'content-length': String(request.sizeBytes) } },
    expiresAt: new Date(now.getTime() + LINK_SECONDS * 1000).toISOString(),
  };
}

/** Check the stored object against the announcement; accept it, or refuse and delete it. */
export async function confirmAttachment(bucket: string, complaintId: string, attachmentId: string, now = new Date()) {
  const attachment = await getAttachment(complaintId, attachmentId);
  if (attachment.status !== 'PENDING') return attachment;
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: attachment.objectKey })).catch((error) => {
    if ((error as Error).name === 'NotFound' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  });
  if (!head) throw new DomainError('NotUploaded', `nothing was uploaded for attachment ${attachmentId} yet`, 409);
  const rejection = checkUploadedObject(attachment, { contentType: head.ContentType, sizeBytes: head.ContentLength });
  if (rejection) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: attachment.objectKey }));
  await settleAttachment(attachment, { status: rejection ? 'REJECTED' : 'UPLOADED', at: now.toISOString(), rejection });
  if (rejection) throw new DomainError('UploadRejected', rejection, 400, 'upload');
  return getAttachment(complaintId, attachmentId);
}

/** A short-lived download link for an uploaded attachment. */
export async function attachmentDownload(bucket: string, complaintId: string, attachmentId: string) {
  const attachment = await getAttachment(complaintId, attachmentId);
  if (attachment.status !== 'UPLOADED') throw conflict(`attachment ${attachmentId} is ${attachment.status}`);
  const url = await getSignedUrl(s3, new GetObjectCommand({
    Bucket: bucket, Key: attachment.objectKey,
    ResponseContentDisposition: `attachment; filename="${encodeURIComponent(attachment.fileName)}"`,
  }), { expiresIn: LINK_SECONDS });
  return { ...attachment, downloadUrl: url };
}
