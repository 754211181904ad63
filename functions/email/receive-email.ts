import { z } from 'zod';
import { attachmentsConfig, loadConfig, messagingConfig } from '../../shared/config.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { receiveEmail } from '../../shared/services/inbound-email.ts';

const config = loadConfig({ ...attachmentsConfig, ...messagingConfig, INBOUND_MAIL_BUCKET: z.string().min(3), INBOUND_MAIL_PREFIX: z.string().max(100) });

const Verdict = z.object({ status: z.string().max(40) }).optional();
/**
 * What this function reads of SES's receipt event (Lambda action, Event invocation): the message
 * id (the raw message is at <prefix><id> in the bucket, written by the S3 action before it), when
 * it arrived, and the verdicts. Not strict: SES adds fields, and a message without a subject or
 * date has no such common header (Powertools' SesSchema requires them).
 */
const SesReceiptEvent = z.object({
  Records: z.array(z.object({
    eventSource: z.literal('aws:ses'),
    ses: z.object({
      mail: z.object({ messageId: z.string().min(1).max(200).regex(/^[A-Za-z0-9._-]+$/), timestamp: z.iso.datetime({ offset: true }) }),
      receipt: z.object({
        spamVerdict: Verdict, virusVerdict: Verdict, spfVerdict: Verdict, dkimVerdict: Verdict, dmarcVerdict: Verdict,
        dmarcPolicy: z.string().max(20).optional(),
      }),
    }),
  })).min(1).max(10),
});

/**
 * SES receipt rule → one received email (shared/services/inbound-email.ts). A failure is thrown:
 * Lambda retries the event (twice), then it goes to the failure queue (infra/email-intake.ts); the raw message
 * stays in the bucket either way, and a retry finishes what the first attempt began.
 */
export const handler = async (event: unknown): Promise<void> => {
  const parsed = SesReceiptEvent.safeParse(event);
  if (!parsed.success) {
    // Thrown, not dropped: should SES's event ever change shape, each message lands in the failure
    // queue (with its id, to replay) instead of disappearing.
    logger.error('not an SES receipt event', { issues: parsed.error.issues.slice(0, 5) });
    throw new Error(`not an SES receipt event: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  for (const { ses } of parsed.data.Records) {
    const record = await receiveEmail({
      bucket: config.INBOUND_MAIL_BUCKET,
      objectKey: `${config.INBOUND_MAIL_PREFIX}${ses.mail.messageId}`,
      receivedAt: new Date(ses.mail.timestamp).toISOString(),
      verdicts: {
        spam: ses.receipt.spamVerdict?.status, virus: ses.receipt.virusVerdict?.status,
        spf: ses.receipt.spfVerdict?.status, dkim: ses.receipt.dkimVerdict?.status,
        dmarc: ses.receipt.dmarcVerdict?.status, dmarcPolicy: ses.receipt.dmarcPolicy?.toLowerCase(),
      },
    }, { attachmentsBucket: config.ATTACHMENTS_BUCKET, senderEmail: config.SENDER_EMAIL });
    logger.info('email received', { inboundId: record.inboundId, state: record.state, setAsideReason: record.setAsideReason, complaintId: record.complaintId });
  }
};
