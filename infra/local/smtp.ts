import { randomBytes } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import type { LambdaHost } from './lambda-host.ts';
import type { MailReceipt } from './cloud-model.ts';
import { LOCAL_REGION } from './cloud-model.ts';

/** SES accepts messages up to 40 MB (with their encoding); the endpoint refuses larger ones as SES would. */
const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/**
 * SES email receiving on this machine: a real SMTP server on loopback (smtp-server, from the
 * Nodemailer project) that does what the template's receipt rule does — take mail for the rule's
 * recipients only, store the raw message with the S3 action's bucket and prefix (in the local S3),
 * then invoke the rule's function with the event SES sends, asynchronously and with Lambda's two
 * retries. No TLS and no sign-in: it listens on 127.0.0.1 only.
 *
 * Nothing scans here: the verdicts are those of a clean message from a sender whose domain
 * vouches for it (PASS), unless the message carries `X-Local-SES-Verdicts: spam=FAIL; virus=FAIL;
 * dmarc=FAIL; dmarcPolicy=reject` (any of them, e.g. `dmarc=GRAY` for a domain without DMARC) to
 * try how other verdicts are handled.
 */
export async function startSmtpEndpoint(options: { port?: number; receipts: MailReceipt[]; host: LambdaHost; s3Endpoint: string }) {
  const s3 = new S3Client({
    endpoint: options.s3Endpoint, forcePathStyle: true, region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const inFlight = new Set<Promise<void>>();
  const ruleFor = (address: string) => options.receipts.find((r) => r.recipients.some((recipient) => matches(recipient, address)));

  const server = new SMTPServer({
    name: 'localhost',
    banner: 'complaint desk local SES receiving',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (ruleFor(address.address)) return callback();
      const error = new Error(`5.1.1 ${address.address}: no receipt rule takes mail for this address`) as Error & { responseCode: number };
      error.responseCode = 550;
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const error = new Error('5.3.4 message too big (SES takes up to 40 MB)') as Error & { responseCode: number };
          error.responseCode = 552;
          return callback(error);
        }
        const raw = Buffer.concat(chunks);
        const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        // One message, one rule (the first that takes any of its recipients), as SES does per rule set.
        const rule = ruleFor(recipients[0]!)!;
        const messageId = randomBytes(16).toString('hex') + randomBytes(4).toString('hex');
        s3.send(new PutObjectCommand({ Bucket: rule.bucket, Key: `${rule.prefix}${messageId}`, Body: raw, ContentType: 'message/rfc822' }))
          .then(() => {
            // Accepted once stored, like SES; the function runs after the sender has its answer.
            callback(null, `Ok: queued as ${messageId}`);
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            const run = invokeWithRetries(options.host, rule.functionArn, sesEvent(rule, messageId, from, recipients, raw))
              .finally(() => inFlight.delete(run));
            inFlight.add(run);
          })
          .catch((error: Error) => callback(Object.assign(new Error(`4.3.0 could not store the message: ${error.message}`), { responseCode: 451 })));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    /** Resolves when every message received so far has been handed to its function (and it returned). */
    async settled() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** SES's recipient conditions: an address, a domain (any address at it), or `.domain` (its subdomains). */
function matches(recipient: string, address: string): boolean {
  const a = address.toLowerCase();
  if (recipient.includes('@')) return a === recipient;
  const domain = a.split('@')[1] ?? '';
  return recipient.startsWith('.') ? domain.endsWith(recipient) : domain === recipient;
}

/** Lambda's asynchronous invocation: the event is tried three times in all, then given up on (logged). */
async function invokeWithRetries(host: LambdaHost, functionArn: string, event: unknown): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await host.invoke(functionArn, event);
      return;
    } catch (error) {
      if (attempt === 3) {
        console.error(`local SES receiving: ${functionArn.split(':').pop()} failed three times; the message stays in the local S3:`, error);
        return;
      }
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

function sesEvent(rule: MailReceipt, messageId: string, source: string, recipients: string[], raw: Buffer) {
  const now = new Date().toISOString();
  const verdicts = localVerdicts(raw);
  const status = (name: string) => ({ status: rule.scanEnabled ? verdicts[name] ?? 'PASS' : 'DISABLED' });
  return {
    Records: [{
      eventSource: 'aws:ses',
      eventVersion: '1.0',
      ses: {
        mail: {
          timestamp: now, source, messageId, destination: recipients, headersTruncated: false, headers: [],
          commonHeaders: { returnPath: source, messageId: `<${messageId}@local>`, from: [], to: recipients, date: now, subject: '' },
        },
        receipt: {
          timestamp: now, processingTimeMillis: 1, recipients,
          spamVerdict: status('spam'), virusVerdict: status('virus'), spfVerdict: status('spf'), dkimVerdict: status('dkim'), dmarcVerdict: status('dmarc'),
          ...(verdicts.dmarcPolicy ? { dmarcPolicy: verdicts.dmarcPolicy } : {}),
          action: { type: 'Lambda', invocationType: 'Event', functionArn: rule.functionArn },
        },
      },
    }],
  };
}

/** The verdicts a message asks the local endpoint for (see startSmtpEndpoint). */
function localVerdicts(raw: Buffer): Record<string, string> {
  const headerBlock = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString('latin1').split(/\r?\n\r?\n/)[0] ?? '';
  const line = /^x-local-ses-verdicts:\s*(.+)$/im.exec(headerBlock)?.[1] ?? '';
  return Object.fromEntries(line.split(';').map((part) => part.trim().split('=').map((s) => s.trim()))
    .filter(([k, v]) => k && v).map(([k, v]) => [k!, k === 'dmarcPolicy' ? v!.toLowerCase() : v!.toUpperCase()]));
}
