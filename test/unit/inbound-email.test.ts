import { describe, expect, it } from 'vitest';
import {
  acknowledgement, attachmentVerdicts, complaintNumberIn, destination, htmlToText, inboundIdOf, intakeReferenceIn, localPart, MAX_EMAIL_ATTACHMENTS,
  readInboundEmail, replyLocale, senderAuthenticated, senderMatch, UnreadableEmail, verdictProblem, type NamedComplaint,
} from '../../shared/domain/inbound-email.ts';
import { bounceMessage, mimeMessage, tinyPng } from '../support/mime-fixtures.ts';

describe('reading an inbound email', () => {
  it('reads a Chinese complaint with the sender, subject, body and an inline photo', async () => {
    const email = await readInboundEmail(mimeMessage({ inlinePhoto: true }));
    expect(email).toMatchObject({
      messageId: 'm1@sy-precision.example',
      from: { address: 'zhang.wei@sy-precision.example', name: '张伟' },
      subject: '笔记本屏幕有白线 DN-2026-0815',
      sentAt: '2026-11-26T01:12:00.000Z',
      inReplyTo: [],
    });
    expect(email.text).toBe('屏幕出现一条白色竖线，见照片：');
    expect(email.attachments).toEqual([expect.objectContaining({ fileName: 'screen.png', contentType: 'image/png', sizeBytes: tinyPng.byteLength, inline: true })]);
    expect(Buffer.from(email.attachments[0]!.content).equals(tinyPng)).toBe(true);
    expect(email.automatic).toBeUndefined();
  });

  it('sees a reply to one of our messages: the ids it answers, and the complaint number in its subject', async () => {
    const email = await readInboundEmail(mimeMessage({ subject: 'Re: 投诉已关闭 CMP-2026-000001', inReplyTo: '0100018f-abc@email.amazonses.com' }));
    expect(email.inReplyTo).toEqual(['0100018f-abc@email.amazonses.com']);
    expect(complaintNumberIn(email.subject)).toBe('CMP-2026-000001');
    expect(complaintNumberIn('Re: about cmp-2026-000123, again')).toBe('CMP-2026-000123');
    expect(complaintNumberIn('Order DN-2026-0815')).toBeUndefined();
  });

  it('knows automatic messages, which are never answered nor made into a case', async () => {
    expect((await readInboundEmail(mimeMessage({ headers: { 'Auto-Submitted': 'auto-replied' } }))).automatic).toBe('AUTO_SUBMITTED');
    expect((await readInboundEmail(mimeMessage({ headers: { 'Auto-Submitted': 'no' } }))).automatic).toBeUndefined();
    expect((await readInboundEmail(mimeMessage({ headers: { Precedence: 'junk' } }))).automatic).toBe('BULK');
    expect((await readInboundEmail(mimeMessage({ headers: { 'X-Autoreply': 'yes' } }))).automatic).toBe('AUTO_REPLY');
    expect((await readInboundEmail(bounceMessage())).automatic).toBe('BOUNCE');
    expect((await readInboundEmail(mimeMessage({ from: 'postmaster@sy-precision.example' }))).automatic).toBe('BOUNCE');
  });

  it('takes a person\'s message through a group address, or one asking for no auto-reply, as a case not to answer', async () => {
    for (const headers of [{ Precedence: 'bulk' }, { Precedence: 'list' }, { 'X-Auto-Response-Suppress': 'All' }] as Record<string, string>[]) {
      const email = await readInboundEmail(mimeMessage({ headers }));
      expect(email.automatic, JSON.stringify(headers)).toBeUndefined();
      expect(email.noAutoReply, JSON.stringify(headers)).toBe(true);
    }
    expect((await readInboundEmail(mimeMessage())).noAutoReply).toBe(false);
  });

  it('reads hostile HTML in linear time, and keeps no invisible characters', async () => {
    // A million unclosed tags: regular expressions take minutes over this (past the test's timeout), one pass milliseconds.
    expect(htmlToText('<'.repeat(1_000_000))).toBe('');
    expect(htmlToText('<b'.repeat(500_000) + '>')).toBe('');
    expect(htmlToText('<p>a</p><script>x<y</script><style>b</style>c<br>d &amp; e')).toBe('a\nc\nd & e');
    expect(htmlToText('<div>one<script>never closed')).toBe('one');
    const email = await readInboundEmail(mimeMessage({ subject: 'photo\u202Egpj.exe', text: 'a\u0007b\u202Ec\nd', attachments: [{ fileName: 'photo\u202Egpj.exe', contentType: 'image/jpeg', content: tinyPng }] }));
    expect(email.subject).toBe('photo gpj.exe');
    expect(email.text).toBe('a b c\nd');
    expect(email.attachments[0]!.fileName).toBe('photo_gpj.exe');
  });

  it('never keeps an address or id too long to be a key: refused or dropped', async () => {
    const long = `${'a'.repeat(300)}@sy-precision.example`;
    await expect(readInboundEmail(mimeMessage({ from: long }))).rejects.toMatchObject({ reason: 'NO_SENDER' });
    const email = await readInboundEmail(mimeMessage({ messageId: `${'m'.repeat(300)}@x.example`, inReplyTo: `${'r'.repeat(300)}@x.example` }));
    expect(email.messageId).toBeUndefined();
    expect(email.inReplyTo).toEqual([]);
    const many = await readInboundEmail(mimeMessage({ attachments: Array.from({ length: 60 }, (_, i) => ({ fileName: `p${i}.png`, contentType: 'image/png', content: tinyPng })) }));
    expect(many.attachments).toHaveLength(50);
    expect(many.omittedAttachments).toBe(10);
  });

  it('refuses a message with nobody to answer, one too large, and one that is not a message', async () => {
    await expect(readInboundEmail(mimeMessage({ from: null }))).rejects.toMatchObject({ name: 'UnreadableEmail', reason: 'NO_SENDER' });
    await expect(readInboundEmail(mimeMessage({ from: 'not an address' }))).rejects.toBeInstanceOf(UnreadableEmail);
    await expect(readInboundEmail(new Uint8Array(25 * 1024 * 1024 + 1))).rejects.toMatchObject({ reason: 'TOO_LARGE' });
    // Garbage is read as a message without headers: no sender, so refused, never a 500.
    await expect(readInboundEmail(new Uint8Array([0xff, 0xfe, 0x00, 0x01]))).rejects.toBeInstanceOf(UnreadableEmail);
  });

  it('keeps a file name fit to store', async () => {
    const email = await readInboundEmail(mimeMessage({ attachments: [{ fileName: '../../etc/passwd.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4') }] }));
    expect(email.attachments[0]!.fileName).not.toMatch(/[/\\]/);
  });
});

describe('attachments as evidence', () => {
  it('takes evidence types within the size, at most ten, and says why the rest were refused', () => {
    const photo = { fileName: 'a.jpg', contentType: 'image/jpeg', sizeBytes: 1000 };
    const verdicts = attachmentVerdicts([
      { fileName: 'setup.exe', contentType: 'application/octet-stream', sizeBytes: 10 },
      { fileName: 'huge.png', contentType: 'image/png', sizeBytes: 11 * 1024 * 1024 },
      ...Array.from({ length: MAX_EMAIL_ATTACHMENTS + 1 }, () => photo),
    ]);
    expect(verdicts[0]).toMatchObject({ accepted: false, refusal: expect.stringContaining('not an evidence type') });
    expect(verdicts[1]).toMatchObject({ accepted: false, refusal: 'larger than 10 MiB' });
    expect(verdicts.filter((v) => v.accepted)).toHaveLength(MAX_EMAIL_ATTACHMENTS);
    expect(verdicts.at(-1)).toMatchObject({ accepted: false, refusal: 'more than 10 attachments in one message' });
  });
});

describe('who sent it', () => {
  it('is a customer only when exactly one customer has that address', () => {
    expect(senderMatch(['SY001', 'SY001'])).toEqual({ kind: 'CUSTOMER', customerCode: 'SY001' });
    expect(senderMatch([])).toEqual({ kind: 'UNMATCHED' });
    expect(senderMatch(['SY001', 'BJ002'])).toEqual({ kind: 'AMBIGUOUS', customerCodes: ['BJ002', 'SY001'] });
  });
});

describe('what becomes of a received message', () => {
  const named = (over: Partial<NamedComplaint> = {}): NamedComplaint => ({ complaintId: 'CMP-2026-000001', customerCode: 'SY001', status: 'IN_PROGRESS', via: 'REPLY', ...over });

  it('threads a reply to our message, and a message naming a complaint of the sender\'s own customer from a verified sender', () => {
    expect(destination(named(), [], false)).toEqual({ kind: 'THREAD', complaintId: 'CMP-2026-000001' });
    expect(destination(named({ via: 'SUBJECT' }), ['SY001'], true)).toEqual({ kind: 'THREAD', complaintId: 'CMP-2026-000001' });
  });

  it('leaves for an agent a stranger or an unverified sender naming a complaint, anything about a closed complaint, and what names none', () => {
    expect(destination(named({ via: 'SUBJECT' }), ['BJ002'], true)).toMatchObject({ kind: 'TRIAGE', relatedComplaintId: 'CMP-2026-000001', note: expect.stringContaining('not on file') });
    expect(destination(named({ via: 'SUBJECT' }), ['SY001'], false)).toMatchObject({ kind: 'TRIAGE', relatedComplaintId: 'CMP-2026-000001', note: expect.stringContaining('could not be verified') });
    expect(destination(named({ status: 'CLOSED' }), ['SY001'], true)).toMatchObject({ kind: 'TRIAGE', relatedComplaintId: 'CMP-2026-000001', note: expect.stringContaining('closed') });
    expect(destination(undefined, ['SY001'], true)).toEqual({ kind: 'TRIAGE' });
    expect(senderAuthenticated({ dmarc: 'PASS' })).toBe(true);
    expect(senderAuthenticated({ spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY' })).toBe(false);
  });

  it('keeps aside a virus, spam, or a forged sender whose domain says to refuse it; gray verdicts pass', () => {
    expect(verdictProblem({ virus: 'FAIL', spam: 'PASS' })).toBe('VIRUS');
    expect(verdictProblem({ spam: 'FAIL' })).toBe('SPAM');
    expect(verdictProblem({ dmarc: 'FAIL', dmarcPolicy: 'reject' })).toBe('SPOOFED');
    expect(verdictProblem({ dmarc: 'FAIL', dmarcPolicy: 'none' })).toBeUndefined();
    expect(verdictProblem({ spam: 'GRAY', virus: 'GRAY', dmarc: 'GRAY' })).toBeUndefined();
  });

  it('gives the same message the same reference, and finds a reference in a reply\'s subject', () => {
    const id = inboundIdOf(['message', 'a@b.example', 'm1@b.example']);
    expect(id).toMatch(/^EM-[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(inboundIdOf(['message', 'a@b.example', 'm1@b.example'])).toBe(id);
    expect(inboundIdOf(['message', 'c@d.example', 'm1@b.example'])).not.toBe(id);
    expect(intakeReferenceIn(`Re: We received your email [${id.toLowerCase()}]: hinge`)).toBe(id);
    expect(intakeReferenceIn('Re: EM-123')).toBeUndefined();
    expect(localPart('0100018c-abc@email.amazonses.com')).toBe('0100018c-abc');
  });

  it('answers in the customer\'s language, else in the message\'s own', () => {
    expect(replyLocale('en', { subject: '屏幕', text: '' })).toBe('en');
    expect(replyLocale(undefined, { subject: 'Screen', text: '屏幕坏了' })).toBe('zh-CN');
    expect(replyLocale(undefined, { subject: 'Screen', text: 'broken' })).toBe('en');
    const zh = acknowledgement('zh-CN', 'EM-0123456789AB', '');
    expect(zh.subject).toBe('已收到您的邮件 [EM-0123456789AB]：（无主题）');
    expect(acknowledgement('en', 'EM-0123456789AB', 'Hinge').body).toContain('Your reference is EM-0123456789AB');
    // An unverified sender's subject is not sent back.
    expect(acknowledgement('en', 'EM-0123456789AB', undefined).subject).toBe('We received your email [EM-0123456789AB]');
  });
});
