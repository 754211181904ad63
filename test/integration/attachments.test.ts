import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { laptopComplaint, startTestCloud } from '../support/test-cloud.ts';

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let complaintId: string;
beforeAll(async () => {
  cloud = await startTestCloud();
  complaintId = (await cloud.api('POST', '/complaints', { as: 'agent.wang', body: laptopComplaint })).body.complaintId;
});
afterAll(async () => { await cloud?.stop(); });

const photo = Buffer.from('\x89PNG\r\n\x1a\n fake screen photo with a white line');
const announce = (body: Record<string, unknown>, as = 'agent.wang') =>
  cloud.api('POST', `/complaints/${complaintId}/attachments`, { as, body });
const upload = (u: { url: string; headers: Record<string, string> }, body: Buffer, headers = u.headers) =>
  fetch(u.url, { method: 'PUT', headers, body });

describe('evidence attachments', () => {
  it('uploads a photo with the signed link, confirms it, lists it and gives a download link', async () => {
    const started = await announce({ fileName: 'white-line.png', contentType: 'image/png', sizeBytes: photo.length });
    expect(started.status).toBe(201);
    // No checksum signed into the link: S3 would hold every real upload against an empty body's.
    expect(started.body.upload.url).not.toMatch(/x-amz-checksum|x-amz-sdk-checksum/i);
    expect((await upload(started.body.upload, photo)).status).toBe(200);

    const confirmed = await cloud.api('POST', `/complaints/${complaintId}/attachments/${started.body.attachmentId}/confirm`, { as: 'agent.wang' });
    expect(confirmed).toMatchObject({ status: 200, body: { status: 'UPLOADED', fileName: 'white-line.png' } });

    const record = await cloud.api('GET', `/complaints/${complaintId}`, { as: 'service.zhao' });
    expect(record.body.attachments).toEqual([expect.objectContaining({ attachmentId: started.body.attachmentId, status: 'UPLOADED' })]);

    const link = await cloud.api('GET', `/complaints/${complaintId}/attachments/${started.body.attachmentId}`, { as: 'quality.liu' });
    const download = await fetch(link.body.downloadUrl);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(photo);
  });

  it('refuses types and sizes outside the limits before any upload, naming the field', async () => {
    const exe = await announce({ fileName: 'virus.exe', contentType: 'application/x-msdownload', sizeBytes: 10 });
    expect(exe.status).toBe(400);
    expect(exe.body.issues[0].path).toBe('body.contentType');
    const huge = await announce({ fileName: 'video.png', contentType: 'image/png', sizeBytes: 50 * 1024 * 1024 });
    expect(huge.status).toBe(400);
    expect(huge.body.issues[0].path).toBe('body.sizeBytes');
    const nameWithFolder = await announce({ fileName: '../../etc/passwd', contentType: 'image/png', sizeBytes: 10 });
    expect(nameWithFolder.body.issues[0].path).toBe('body.fileName');
    // A task assignee holds no task on this complaint: not theirs to add evidence to.
    expect((await announce({ fileName: 'a.png', contentType: 'image/png', sizeBytes: 10 }, 'tech.zhou')).status).toBe(403);
  });

  it('rejects and removes an upload that is not what was announced', async () => {
    const started = await announce({ fileName: 'small.png', contentType: 'image/png', sizeBytes: 8 });
    // A client that ignores the signed headers and sends something else.
    await upload(started.body.upload, photo, { 'content-type': 'image/png' });
    const confirmed = await cloud.api('POST', `/complaints/${complaintId}/attachments/${started.body.attachmentId}/confirm`, { as: 'agent.wang' });
    expect(confirmed.status).toBe(400);
    expect(confirmed.body.message).toContain(`uploaded ${photo.length} bytes, announced 8`);
    const record = await cloud.api('GET', `/complaints/${complaintId}`, { as: 'service.zhao' });
    expect(record.body.attachments.find((a: any) => a.attachmentId === started.body.attachmentId).status).toBe('REJECTED');
    const link = await cloud.api('GET', `/complaints/${complaintId}/attachments/${started.body.attachmentId}`, { as: 'quality.liu' });
    expect(link.status).toBe(409);
  });

  it('says so when the file was never uploaded', async () => {
    const started = await announce({ fileName: 'later.pdf', contentType: 'application/pdf', sizeBytes: 100 });
    const confirmed = await cloud.api('POST', `/complaints/${complaintId}/attachments/${started.body.attachmentId}/confirm`, { as: 'agent.wang' });
    expect(confirmed).toMatchObject({ status: 409, body: { error: 'NotUploaded' } });
  });
});
