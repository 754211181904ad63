import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { sha256Hex, type ResponseDocument } from '../domain/response-revision.ts';

const s3 = new S3Client({});

/**
 * Store one document of a response revision. The key names the revision and the content's hash,
 * so an object is never overwritten with other bytes: a retried step that renders the same
 * document writes the same object, and a different rendering lands beside it.
 */
export async function putResponseDocument(
  bucket: string, complaintId: string, revision: number, file: { name: string; contentType: string; bytes: Uint8Array },
): Promise<ResponseDocument> {
  const sha256 = sha256Hex(file.bytes);
  const objectKey = `complaints/${complaintId}/responses/rev${revision}/${sha256.slice(0, 16)}/${file.name}`;
  await s3.send(new PutObjectCommand({
    Bucket: bucket, Key: objectKey, Body: file.bytes, ContentType: file.contentType,
    ContentDisposition: `attachment; filename="${file.name}"`,
  }));
  return { name: file.name, contentType: file.contentType, objectKey, sha256, sizeBytes: file.bytes.length };
}

/**
 * The bytes of a stored response document, checked against the hash recorded with the revision.
 * Anything else is refused: what leaves is what sales confirmed, or nothing.
 */
export async function readResponseDocument(bucket: string, document: ResponseDocument): Promise<Uint8Array> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: document.objectKey }));
  const bytes = await out.Body!.transformToByteArray();
  if (sha256Hex(bytes) !== document.sha256) {
    throw new Error(`response document ${document.objectKey} does not match its recorded SHA-256; not sending it`);
  }
  return bytes;
}
