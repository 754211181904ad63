import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyPlaceholderTemplate, makeDocx, p } from '../support/docx-fixtures.ts';
import { refusedWithNothingWritten } from '../support/table-snapshot.ts';
import { startTestCloud } from '../support/test-cloud.ts';

/**
 * A customer's response format and template through the API: bad input, a template that is not
 * a DOCX or names a placeholder the system does not fill, the wrong role — each a 4xx naming the
 * field or the reason, nothing written, and a refused upload removed from the bucket.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
beforeAll(async () => { cloud = await startTestCloud(); });
afterAll(async () => { await cloud?.stop(); });

/** Announce, upload `bytes` (as a DOCX), and ask for the check. */
async function uploadAndConfirm(bytes: Buffer, as = 'admin.ma') {
  const announced = await cloud.api('POST', '/customers/SY001/response-template', { as, body: { fileName: 'form.docx', sizeBytes: bytes.length } });
  expect(announced.status, JSON.stringify(announced.body)).toBe(201);
  expect((await fetch(announced.body.upload.url, { method: 'PUT', headers: announced.body.upload.headers, body: bytes })).status).toBe(200);
  const confirm = () => cloud.api('POST', `/customers/SY001/response-template/${announced.body.uploadId}/confirm`, { as, body: { fileName: 'form.docx' } });
  return { uploadId: announced.body.uploadId as string, confirm };
}

async function objectExists(uploadId: string) {
  // The local cloud set the SDK's endpoints in this process, as for the handlers it hosts.
  const s3 = new S3Client({});
  const bucket = [...cloud.model.functions.values()].find((f) => f.environment.ATTACHMENTS_BUCKET)!.environment.ATTACHMENTS_BUCKET;
  return s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `customer-templates/SY001/${uploadId}.docx` })).then(() => true, () => false);
}

describe("a customer's response format and template", () => {
  it('refuses a template naming a placeholder the system does not fill, naming it, and removes the upload', async () => {
    const { uploadId, confirm } = await uploadAndConfirm(makeDocx(p('Dear {customerName}, cause: {rootKause}')));
    const body = await refusedWithNothingWritten(confirm, 400);
    expect(body).toMatchObject({ field: 'upload' });
    expect(body.message).toContain('rootKause');
    expect(await objectExists(uploadId)).toBe(false);
    expect((await cloud.api('GET', '/customers/SY001/response-format', { as: 'quality.liu' })).body.format).toBe('LETTER');
  });

  it('refuses what is not a DOCX, and an unclosed tag, saying so', async () => {
    const text = await uploadAndConfirm(Buffer.from('Dear customer, this is plain text pretending to be a form.'));
    expect((await refusedWithNothingWritten(text.confirm, 400)).message).toMatch(/DOCX|docx|Word/);
    const unclosed = await uploadAndConfirm(makeDocx(p('Dear {customerName')));
    expect((await refusedWithNothingWritten(unclosed.confirm, 400)).field).toBe('upload');
  });

  it('answers bad requests with a 400 naming the field, and the wrong role with 403, writing nothing', async () => {
    const field = (body: any) => body.field ?? body.issues?.map((i: any) => i.path).join();
    const announce = (body: unknown, as = 'admin.ma') => () => cloud.api('POST', '/customers/SY001/response-template', { as, body });
    expect(field(await refusedWithNothingWritten(announce({ fileName: 'form.docx', sizeBytes: 3 * 1024 * 1024 }), 400))).toBe('body.sizeBytes');
    expect(field(await refusedWithNothingWritten(announce({ fileName: 'form.pdf', sizeBytes: 1000 }), 400))).toBe('body.fileName');
    expect(field(await refusedWithNothingWritten(announce({ fileName: '../x.docx', sizeBytes: 1000 }), 400))).toBe('body.fileName');
    expect(JSON.stringify(await refusedWithNothingWritten(announce({ fileName: 'f.docx', sizeBytes: 1000, owner: 'x' }), 400))).toMatch(/owner/);
    await refusedWithNothingWritten(announce({ fileName: 'f.docx', sizeBytes: 1000 }, 'sales.li'), 403);
    const save = (body: unknown, as = 'quality.liu') => () => cloud.api('PUT', '/customers/SY001/response-format', { as, body });
    expect(field(await refusedWithNothingWritten(save({ format: 'PDF' }), 400))).toBe('body.format');
    expect((await refusedWithNothingWritten(save({ format: 'TEMPLATE' }), 409)).error).toBe('NoTemplate');
    await refusedWithNothingWritten(save({ format: '8D' }, 'agent.wang'), 403);
    await refusedWithNothingWritten(() => cloud.api('PUT', '/customers/bad%20code/response-format', { as: 'quality.liu', body: { format: '8D' } }), 400);
  });

  it('accepts a good template once; confirming it again changes nothing', async () => {
    const { confirm } = await uploadAndConfirm(everyPlaceholderTemplate(), 'quality.liu');
    const first = await confirm();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.template.placeholders.loops.map((l: any) => l.name)).toEqual(['preventiveActions', 'tasks', 'team']);
    await refusedWithNothingWritten(confirm, 200);
    // Back to the letter, then to the template on file.
    expect((await cloud.api('PUT', '/customers/SY001/response-format', { as: 'quality.liu', body: { format: 'LETTER' } })).body.format).toBe('LETTER');
    expect((await cloud.api('PUT', '/customers/SY001/response-format', { as: 'quality.liu', body: { format: 'TEMPLATE' } })).body.template.fileName).toBe('form.docx');
    await cloud.api('PUT', '/customers/SY001/response-format', { as: 'quality.liu', body: { format: 'LETTER' } });
  });
});
