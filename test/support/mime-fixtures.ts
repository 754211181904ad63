/**
 * Raw email messages for the email-intake tests (issue 11), written as a mail client writes them:
 * RFC 2047 encoded Chinese subjects, multipart/related with an inline photo, a reply to one of our
 * notifications, an auto-reply, a bounce. Built here rather than kept as files so each test can
 * vary one header.
 */
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const encodedWord = (text: string) => `=?UTF-8?B?${b64(text)}?=`;
/** A 1×1 PNG: a real image a parser and a content check accept. */
export const tinyPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export interface MessageOptions {
  from?: string | null;
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  headers?: Record<string, string>;
  text?: string;
  /** An inline photo in an HTML body (multipart/related). */
  inlinePhoto?: boolean;
  attachments?: { fileName: string; contentType: string; content: Buffer }[];
}

export function mimeMessage(o: MessageOptions = {}): Buffer {
  const boundary = 'b1_mixed';
  const related = 'b2_related';
  const lines = [
    ...(o.from === null ? [] : [`From: ${o.from ?? `${encodedWord('张伟')} <zhang.wei@sy-precision.example>`}`]),
    'To: complaints@desk.example',
    `Subject: ${encodedWord(o.subject ?? '笔记本屏幕有白线 DN-2026-0815')}`,
    `Message-ID: <${o.messageId ?? 'm1@sy-precision.example'}>`,
    ...(o.inReplyTo ? [`In-Reply-To: <${o.inReplyTo}>`, `References: <${o.inReplyTo}>`] : []),
    'Date: Thu, 26 Nov 2026 09:12:00 +0800',
    'MIME-Version: 1.0',
    ...Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
  ];
  if (o.inlinePhoto) {
    lines.push(
      `Content-Type: multipart/related; boundary="${related}"`, '',
      `--${related}`, 'Content-Type: text/html; charset=UTF-8', 'Content-Transfer-Encoding: base64', '',
      b64(`<p>${o.text ?? '屏幕出现一条白色竖线，见照片：'}</p><img src="cid:photo1@sy">`), '',
      `--${related}`, 'Content-Type: image/png; name="screen.png"', 'Content-Transfer-Encoding: base64', 'Content-ID: <photo1@sy>',
      'Content-Disposition: inline; filename="screen.png"', '', tinyPng.toString('base64'), '',
      `--${related}--`,
    );
  } else {
    lines.push('Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', b64(o.text ?? '屏幕出现一条白色竖线，请尽快处理。'));
  }
  for (const a of o.attachments ?? []) {
    lines.push('', `--${boundary}`, `Content-Type: ${a.contentType}; name="${a.fileName}"`, 'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${a.fileName}"`, '', a.content.toString('base64'));
  }
  lines.push('', `--${boundary}--`, '');
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/** A delivery failure report from the mail system (RFC 3464). */
export function bounceMessage(): Buffer {
  return Buffer.from([
    'From: Mail Delivery System <MAILER-DAEMON@mx.sy-precision.example>',
    'To: complaints@desk.example',
    'Subject: Undelivered Mail Returned to Sender',
    'Message-ID: <bounce1@mx.sy-precision.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="r1"',
    '',
    '--r1',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Your message could not be delivered.',
    '--r1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.sy-precision.example',
    '--r1--',
    '',
  ].join('\r\n'), 'utf8');
}
