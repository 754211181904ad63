import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bounceMessage, mimeMessage, tinyPng } from '../support/mime-fixtures.ts';
import { sendEmail, startTestCloud, waitForComplaint } from '../support/test-cloud.ts';
import { refusedWithNothingWritten } from '../support/table-snapshot.ts';

/**
 * Complaints by email (issue 11), end to end through the local SES receiving: real MIME messages
 * over SMTP to the receipt rule's address, the raw message in the local S3, the synthesized
 * rule's function, the table; then the agent's queue and routes.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let intakeAddress: string;
beforeAll(async () => {
  cloud = await startTestCloud();
  intakeAddress = cloud.model.mailReceipts[0]!.recipients[0]!;
});
afterAll(async () => { await cloud?.stop(); });

const customerContact = 'zhang.wei@sy-precision.example';

const send = (raw: Buffer, options: { from?: string; to?: string[] } = {}) =>
  sendEmail(cloud, raw, { from: options.from ?? customerContact, to: options.to ?? [intakeAddress] });

const queue = async (state = 'PENDING') => (await cloud.api('GET', `/queues/email-intake?state=${state}&limit=100`, { as: 'agent.wang' })).body.items as any[];
const item = async (inboundId: string) => (await cloud.api('GET', `/email-intake/${inboundId}`, { as: 'agent.wang' })).body;
const sesStore = async () => ((await (await fetch(`${cloud.endpoints.ses}/store`)).json()) as { emails: any[] }).emails;
const acknowledgementsTo = async (address: string) => (await sesStore()).filter((m) => m.destination.to.includes(address) && /\[EM-/.test(m.subject));
const bySubject = async (needle: string, state = 'PENDING') => (await queue(state)).filter((r) => r.subject.includes(needle));

describe('complaints by email, through the local SMTP endpoint', () => {
  let inboundId: string;
  let complaintId: string;

  it('makes a new email an intake item for an agent: sender matched, photo kept, one acknowledgement in the customer\'s language', async () => {
    await send(mimeMessage({ messageId: 'first@sy-precision.example', subject: '笔记本屏幕有白线 DN-2026-0815', inlinePhoto: true }));
    const [row] = await bySubject('笔记本屏幕有白线');
    expect(row).toMatchObject({
      state: 'PENDING', from: { address: customerContact, name: '张伟' },
      match: { kind: 'CUSTOMER', customerCode: 'SY001', customerName: 'Shenyang Precision Instruments Co.' },
      attachments: { accepted: 1, refused: 0 },
    });
    expect(row.ageMinutes).toBeGreaterThanOrEqual(0);
    inboundId = row.inboundId;
    expect(inboundId).toMatch(/^EM-[0-9A-Z]{12}$/);

    const full = await item(inboundId);
    expect(full.text).toContain('屏幕出现一条白色竖线');
    expect(full.attachments).toEqual([expect.objectContaining({ fileName: 'screen.png', contentType: 'image/png', inline: true, accepted: true })]);
    expect(full).not.toHaveProperty('objectKey');

    const acks = await acknowledgementsTo(customerContact);
    expect(acks).toHaveLength(1);
    expect(acks[0].subject).toContain(`[${inboundId}]`);
    expect(acks[0].subject).toContain('已收到您的邮件');
    expect(acks[0].headers).toEqual(expect.arrayContaining([{ name: 'Auto-Submitted', value: 'auto-replied' }, { name: 'In-Reply-To', value: '<first@sy-precision.example>' }]));
  });

  it('takes the same message delivered twice as one item with one acknowledgement', async () => {
    await send(mimeMessage({ messageId: 'first@sy-precision.example', subject: '笔记本屏幕有白线 DN-2026-0815', inlinePhoto: true }));
    expect(await bySubject('笔记本屏幕有白线')).toHaveLength(1);
    expect(await acknowledgementsTo(customerContact)).toHaveLength(1);
  });

  it('refuses a completion with a bad document number, naming the field, and writes nothing', async () => {
    const body = await refusedWithNothingWritten(() => cloud.api('POST', `/email-intake/${inboundId}/complaint`, {
      as: 'agent.wang', body: { documentNumber: 'DN-NOPE', urgency: 'URGENT', category: 'PRODUCT_QUALITY', customerRequirements: 'Replace it' },
    }), 400);
    expect(body.field).toBe('body.documentNumber');
    const unknownField = await cloud.api('POST', `/email-intake/${inboundId}/complaint`, { as: 'agent.wang', body: { documentNumber: 'DN-2026-0815', urgency: 'URGENT', category: 'PRODUCT_QUALITY', callId: 'c1' } });
    expect(unknownField.status).toBe(400);
    expect((await cloud.api('GET', '/email-intake/EM-nope', { as: 'agent.wang' })).body.issues[0].path).toBe('path.inboundId');
    // A salesperson does not triage email.
    expect((await cloud.api('GET', '/queues/email-intake', { as: 'sales.li' })).status).toBe(403);
  });

  it('lets the agent complete it into a complaint: lifecycle started, the email on the timeline, the photo as evidence', async () => {
    const done = await cloud.api('POST', `/email-intake/${inboundId}/complaint`, {
      as: 'agent.wang', body: { documentNumber: 'DN-2026-0815', urgency: 'URGENT', category: 'PRODUCT_QUALITY', customerRequirements: 'Come on site tomorrow' },
    });
    expect(done).toMatchObject({ status: 201, body: { inboundId, created: true } });
    complaintId = done.body.complaintId;
    const record = await waitForComplaint(cloud.api, complaintId, (r) => r.complaint.status === 'AWAITING_PLAN');
    expect(record.complaint).toMatchObject({ emailIntakeId: inboundId, customerCode: 'SY001' });
    expect(record.complaint.description).toContain('笔记本屏幕有白线');
    const photo = record.attachments.find((a: any) => a.fileName === 'screen.png');
    expect(photo).toMatchObject({ status: 'UPLOADED', contentType: 'image/png', addedBy: `email:${customerContact}` });
    const link = await cloud.api('GET', `/complaints/${complaintId}/attachments/${photo.attachmentId}`, { as: 'quality.liu' });
    expect(Buffer.from(await (await fetch(link.body.downloadUrl)).arrayBuffer())).toEqual(tinyPng);
    const timeline = await cloud.api('GET', `/complaints/${complaintId}/timeline?limit=100`, { as: 'agent.wang' });
    expect(timeline.body.items.filter((e: any) => e.type === 'EMAIL_RECEIVED')).toEqual([expect.objectContaining({ detail: expect.objectContaining({ inboundId }) })]);

    expect(await bySubject('笔记本屏幕有白线')).toHaveLength(0);
    expect(await item(inboundId)).toMatchObject({ state: 'COMPLETED', complaintId, handledBy: 'agent.wang' });
    // Asking again (a double click, a retry) returns the same complaint.
    const again = await cloud.api('POST', `/email-intake/${inboundId}/complaint`, {
      as: 'agent.wang', body: { documentNumber: 'DN-2026-0815', urgency: 'URGENT', category: 'PRODUCT_QUALITY', customerRequirements: 'Come on site tomorrow' },
    });
    expect(again).toMatchObject({ status: 200, body: { complaintId, created: false } });
  });

  it('threads the customer\'s reply to one of our messages onto the complaint, with its new photo, and does not answer it', async () => {
    const ours = (await sesStore()).find((m) => m.subject.includes(complaintId));
    expect(ours, 'a notification about the complaint').toBeDefined();
    const acksBefore = (await acknowledgementsTo(customerContact)).length;
    await send(mimeMessage({
      messageId: 'reply1@sy-precision.example', inReplyTo: `${ours.messageId}@email.amazonses.com`, subject: 'Re: 更多照片',
      text: '补充一张照片。', attachments: [{ fileName: 'second.png', contentType: 'image/png', content: tinyPng }],
    }));
    const record = await cloud.api('GET', `/complaints/${complaintId}`, { as: 'service.zhao' });
    expect(record.body.attachments.map((a: any) => a.fileName).sort()).toEqual(['screen.png', 'second.png']);
    const timeline = await cloud.api('GET', `/complaints/${complaintId}/timeline?limit=100`, { as: 'agent.wang' });
    const replies = timeline.body.items.filter((e: any) => e.type === 'EMAIL_RECEIVED' && e.detail.subject === 'Re: 更多照片');
    expect(replies).toEqual([expect.objectContaining({ actor: `email:${customerContact}`, detail: expect.objectContaining({ text: '补充一张照片。' }) })]);
    expect(await bySubject('更多照片')).toHaveLength(0);
    expect((await acknowledgementsTo(customerContact)).length).toBe(acksBefore);
  });

  it('threads a message naming the complaint number only when its sender is the complaint\'s customer', async () => {
    await send(mimeMessage({ messageId: 'num1@sy-precision.example', subject: `About ${complaintId}`, text: 'Any news?' }));
    const timeline = await cloud.api('GET', `/complaints/${complaintId}/timeline?limit=100`, { as: 'agent.wang' });
    expect(timeline.body.items.some((e: any) => e.type === 'EMAIL_RECEIVED' && e.detail.subject === `About ${complaintId}`)).toBe(true);

    // The customer's address in From, but DMARC did not pass: anyone may have written it.
    await send(mimeMessage({ messageId: 'num3@sy-precision.example', subject: `Forged? ${complaintId}`, text: 'Send the refund elsewhere', headers: { 'X-Local-SES-Verdicts': 'dmarc=GRAY' } }));
    const [unverified] = await bySubject(`Forged? ${complaintId}`);
    expect(unverified).toMatchObject({ senderVerified: false, relatedComplaintId: complaintId, note: expect.stringContaining('could not be verified') });

    await send(mimeMessage({ from: 'someone@elsewhere.example', messageId: 'num2@elsewhere.example', subject: `Re: ${complaintId} refund`, text: 'Please refund me.' }), { from: 'someone@elsewhere.example' });
    const [stranger] = await bySubject(`${complaintId} refund`);
    expect(stranger).toMatchObject({ match: { kind: 'UNMATCHED' }, relatedComplaintId: complaintId, note: expect.stringContaining('not on file') });
    // Not acknowledged: it is about a known complaint.
    expect(await acknowledgementsTo('someone@elsewhere.example')).toHaveLength(0);
  });

  it('acknowledges an unknown sender in the language of their email, and lets the agent dismiss what is not a complaint', async () => {
    await send(mimeMessage({ from: 'buyer@unknown.example', messageId: 'u1@unknown.example', subject: 'Broken hinge on delivery', text: 'The hinge arrived broken.' }), { from: 'buyer@unknown.example' });
    const [row] = await bySubject('Broken hinge');
    expect(row.match).toEqual({ kind: 'UNMATCHED' });
    const [ack] = await acknowledgementsTo('buyer@unknown.example');
    expect(ack.subject).toBe(`We received your email [${row.inboundId}]: Broken hinge on delivery`);

    const dismissed = await cloud.api('POST', `/email-intake/${row.inboundId}/dismiss`, { as: 'agent.wang', body: { reason: 'Not our product' } });
    expect(dismissed).toMatchObject({ status: 200, body: { state: 'DISMISSED', dismissReason: 'Not our product', handledBy: 'agent.wang' } });
    expect(await bySubject('Broken hinge')).toHaveLength(0);
    const late = await cloud.api('POST', `/email-intake/${row.inboundId}/complaint`, { as: 'agent.wang', body: { documentNumber: 'DN-2026-0815', urgency: 'NORMAL', category: 'PRODUCT_QUALITY' } });
    expect(late.status).toBe(409);
  });

  it('keeps aside, without an answer, auto-replies, bounces, spam and messages without a sender', async () => {
    const sentBefore = (await sesStore()).length;
    await send(mimeMessage({ messageId: 'ooo@sy-precision.example', subject: '自动回复: 不在办公室', headers: { 'Auto-Submitted': 'auto-replied' } }));
    await send(bounceMessage(), { from: '' });
    await send(mimeMessage({ messageId: 'spam@sy-precision.example', subject: `Cheap watches ${complaintId}`, headers: { 'X-Local-SES-Verdicts': 'spam=FAIL' } }));
    await send(mimeMessage({ from: null, messageId: 'nofrom@sy-precision.example', subject: 'No sender here' }), { from: '' });
    const aside = await queue('SET_ASIDE');
    const reasonOf = (needle: string) => aside.find((r) => r.subject.includes(needle))?.setAsideReason ?? aside.find((r) => !r.subject && needle === '')?.setAsideReason;
    expect(reasonOf('不在办公室')).toBe('AUTO_SUBMITTED');
    expect(reasonOf('Undelivered Mail')).toBe('BOUNCE');
    expect(aside.map((r) => r.setAsideReason)).toEqual(expect.arrayContaining(['SPAM', 'NO_SENDER']));
    // Nothing answered, nothing threaded: the spam named the complaint.
    expect((await sesStore()).length).toBe(sentBefore);
    const timeline = await cloud.api('GET', `/complaints/${complaintId}/timeline?limit=100`, { as: 'agent.wang' });
    expect(timeline.body.items.some((e: any) => e.detail?.subject?.includes('Cheap watches'))).toBe(false);
    expect(await queue()).toEqual(expect.not.arrayContaining([expect.objectContaining({ subject: expect.stringContaining('Cheap watches') })]));
  });

  it('does not acknowledge a stranger whose address may be forged, nor mail sent through a group address', async () => {
    await send(mimeMessage({ from: 'victim@third-party.example', messageId: 'f1@third-party.example', subject: 'Buy now', text: 'x', headers: { 'X-Local-SES-Verdicts': 'dmarc=FAIL; dmarcPolicy=none' } }), { from: 'victim@third-party.example' });
    expect(await bySubject('Buy now')).toEqual([expect.objectContaining({ senderVerified: false, match: { kind: 'UNMATCHED' } })]);
    expect(await acknowledgementsTo('victim@third-party.example')).toHaveLength(0);
    await send(mimeMessage({ messageId: 'list1@sy-precision.example', subject: '质量组来信', headers: { Precedence: 'list' } }));
    expect(await bySubject('质量组来信')).toHaveLength(1);
    expect((await acknowledgementsTo(customerContact)).filter((m) => m.subject.includes('质量组来信'))).toHaveLength(0);
  });

  it('takes no evidence from a message that was not found free of viruses', async () => {
    await send(mimeMessage({ messageId: 'v1@sy-precision.example', subject: '未扫描的附件', headers: { 'X-Local-SES-Verdicts': 'virus=PROCESSING_FAILED' }, attachments: [{ fileName: 'a.png', contentType: 'image/png', content: tinyPng }] }));
    const [row] = await bySubject('未扫描的附件');
    expect(row.attachments).toEqual({ accepted: 0, refused: 1 });
    expect((await item(row.inboundId)).attachments[0].refusal).toContain('not scanned for viruses');
  });

  it('completes an email once when an agent completes and another dismisses at the same moment, and lets anyone finish a completion', async () => {
    await send(mimeMessage({ messageId: 'race@sy-precision.example', subject: '并发处理', text: '屏幕又出现白线了，请处理。' }));
    const [row] = await bySubject('并发处理');
    const { putDocument } = await import('../../shared/store/master-data.ts');
    const { sampleDocuments } = await import('../../infra/local/sample-data.ts');
    await putDocument({ ...sampleDocuments[0]!, number: 'DN-EMAIL-RACE', serialNumber: 'SN-EMAIL-RACE' });
    const body = { documentNumber: 'DN-EMAIL-RACE', urgency: 'NORMAL', category: 'PRODUCT_QUALITY', customerRequirements: 'Repair it' };
    const [completed, dismissed] = await Promise.all([
      cloud.api('POST', `/email-intake/${row.inboundId}/complaint`, { as: 'agent.wang', body }),
      cloud.api('POST', `/email-intake/${row.inboundId}/dismiss`, { as: 'service.zhao', body: { reason: 'duplicate' } }),
    ]);
    const final = await item(row.inboundId);
    if (final.state === 'COMPLETED') {
      expect(completed.status).toBe(201);
      expect(dismissed.status).toBe(409);
      const record = await cloud.api('GET', `/complaints/${final.complaintId}`, { as: 'service.zhao' });
      expect(record.body.complaint.emailIntakeId).toBe(row.inboundId);
    } else {
      expect(final.state).toBe('DISMISSED');
      expect(completed.status).toBe(409);
    }
    // Another agent, another body: the same email's complaint (never a 422 about a key nobody sent).
    if (final.state === 'COMPLETED') {
      const other = await cloud.api('POST', `/email-intake/${row.inboundId}/complaint`, { as: 'service.zhao', body: { ...body, urgency: 'URGENT' } });
      expect(other).toMatchObject({ status: 200, body: { complaintId: final.complaintId, created: false } });
    }
  });

  it('carries on a completion that a failed request left half done, whoever asks next', async () => {
    await send(mimeMessage({ messageId: 'half@sy-precision.example', subject: '半途而废', text: '屏幕又出现白线了，请处理。' }));
    const [row] = await bySubject('半途而废');
    // What a request that died after claiming the email leaves behind.
    const { getInboundEmail, moveInboundEmail } = await import('../../shared/store/inbound-email.ts');
    await moveInboundEmail(await getInboundEmail(row.inboundId), 'PENDING', { state: 'COMPLETING', handledBy: 'agent.wang', handledAt: new Date().toISOString() });
    expect((await bySubject('半途而废'))[0].state).toBe('COMPLETING');
    expect((await cloud.api('POST', `/email-intake/${row.inboundId}/dismiss`, { as: 'agent.wang', body: { reason: 'x' } })).status).toBe(409);
    const { putDocument } = await import('../../shared/store/master-data.ts');
    const { sampleDocuments } = await import('../../infra/local/sample-data.ts');
    await putDocument({ ...sampleDocuments[0]!, number: 'DN-EMAIL-HALF', serialNumber: 'SN-EMAIL-HALF' });
    const done = await cloud.api('POST', `/email-intake/${row.inboundId}/complaint`, { as: 'service.zhao', body: { documentNumber: 'DN-EMAIL-HALF', urgency: 'NORMAL', category: 'PRODUCT_QUALITY', customerRequirements: 'Repair it' } });
    expect(done).toMatchObject({ status: 201, body: { created: true } });
    expect(await item(row.inboundId)).toMatchObject({ state: 'COMPLETED', complaintId: done.body.complaintId });
  });

  it('notes refused attachments on the item, and takes mail only for the rule\'s addresses', async () => {
    await send(mimeMessage({
      messageId: 'att@sy-precision.example', subject: '发票和照片',
      attachments: [{ fileName: 'tool.exe', contentType: 'application/x-msdownload', content: Buffer.from('MZ') }, { fileName: 'ok.png', contentType: 'image/png', content: tinyPng }],
    }));
    const [row] = await bySubject('发票和照片');
    expect(row.attachments).toEqual({ accepted: 1, refused: 1 });
    const full = await item(row.inboundId);
    expect(full.attachments.find((a: any) => a.fileName === 'tool.exe')).toMatchObject({ accepted: false, refusal: expect.stringContaining('not an evidence type') });

    await expect(send(mimeMessage({ messageId: 'x@y.example' }), { to: ['someone-else@example.com'] })).rejects.toThrow(/550|no receipt rule/);
  });
});
