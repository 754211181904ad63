import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../domain/model.ts';
import type { Message } from '../domain/messages.ts';
import { key } from '../table-keys.ts';
import { db, isConditionFailure, tableName } from '../store/db.ts';
import { appendEvent } from '../store/complaints.ts';

const sns = new SNSClient({});
const ses = new SESv2Client({});

/** A claim older than this is taken to be from a send that crashed, and may be taken over. */
const CLAIM_LEASE_MS = 60_000;

export interface Delivery {
  complaintId: string;
  /** What the message is about, e.g. COMPLAINT_CREATED or SLA_ALERT#task-1. */
  event: string;
  recipientId: string;
  channel: Channel;
  /** Phone number (E.164) for SMS, email address for EMAIL. */
  address: string;
  message: Message;
  senderEmail: string;
  /** Files sent with an email (the response's documents), byte for byte. */
  attachments?: readonly { fileName: string; contentType: string; content: Uint8Array }[];
  /** Extra email headers (an acknowledgement: Auto-Submitted, In-Reply-To, References). */
  headers?: readonly { name: string; value: string }[];
}

export type DeliveryOutcome = 'SENT' | 'ALREADY_SENT' | 'FAILED_PERMANENTLY';

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'Throttled', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded']);

/**
 * A failure that a retry cannot fix (an invalid number, a rejected address): the service said
 * no with a 4xx that is not throttling. Everything else (throttling, 5xx, network) is transient.
 */
export function isPermanentFailure(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (!status || THROTTLING.has(e.name ?? '')) return false;
  return status >= 400 && status < 500 && status !== 429;
}

/**
 * Send one message at most once per complaint × event × recipient × channel. The delivery log
 * item is claimed with a conditional write before sending and marked SENT after, so a retried
 * step or a replayed execution finds it and sends nothing. An email's SES id is recorded with
 * it, so that a customer's reply (In-Reply-To) finds the complaint.
 */
export function deliverOnce(d: Delivery, now = new Date()): Promise<DeliveryOutcome> {
  const dedupeKey = `${d.event}#${d.recipientId}#${d.channel}`;
  return sendLogged(key.delivery(d.complaintId, dedupeKey), d, now, {
    logFields: { complaintId: d.complaintId, event: d.event, recipientId: d.recipientId },
    sentIndex: d.channel === 'EMAIL' ? (messageId) => ({ ...key.sentEmail(messageId), entity: 'SentEmail', complaintId: d.complaintId }) : undefined,
    // Recorded on the complaint (delivery log and timeline) for a person to fix; not retried.
    onPermanentFailure: (reason) => appendEvent(d.complaintId, {
      at: new Date().toISOString(), type: 'DELIVERY_FAILED', actor: 'system',
      detail: { event: d.event, recipientId: d.recipientId, channel: d.channel, address: d.address, reason },
    }),
  });
}

/** The one acknowledgement of a received email, logged beside its intake item (see deliverOnce). */
export function acknowledgeOnce(inboundId: string, d: Omit<Delivery, 'complaintId' | 'event' | 'recipientId' | 'channel'>, now = new Date()): Promise<DeliveryOutcome> {
  return sendLogged(key.inboundDelivery(inboundId, 'ACKNOWLEDGEMENT'), { ...d, channel: 'EMAIL' }, now, {
    logFields: { inboundId, event: 'ACKNOWLEDGEMENT' },
  });
}

type Sendable = Pick<Delivery, 'channel' | 'address' | 'message' | 'senderEmail' | 'attachments' | 'headers'>;

async function sendLogged(itemKey: Record<string, string>, d: Sendable, now: Date, how: {
  logFields: Record<string, string>;
  sentIndex?: (messageId: string) => Record<string, string>;
  onPermanentFailure?: (reason: string) => Promise<void>;
}): Promise<DeliveryOutcome> {
  try {
    await db.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...itemKey, entity: 'Delivery', ...how.logFields,
        channel: d.channel, address: d.address, subject: d.message.subject, status: 'SENDING', claimedAt: now.toISOString(),
      },
      ConditionExpression: 'attribute_not_exists(PK) OR #status = :failed OR (#status = :sending AND claimedAt < :stale)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':failed': 'FAILED', ':sending': 'SENDING', ':stale': new Date(now.getTime() - CLAIM_LEASE_MS).toISOString() },
    }));
  } catch (error) {
    if (isConditionFailure(error)) return 'ALREADY_SENT';
    throw error;
  }
  let messageId: string | undefined;
  try {
    messageId = d.channel === 'SMS' ? await sendSms(d) : await sendEmail(d);
  } catch (error) {
    const reason = `${(error as Error).name}: ${(error as Error).message ?? error}`;
    if (isPermanentFailure(error)) {
      await mark(itemKey, { status: 'FAILED_PERMANENTLY', error: reason, failedAt: new Date().toISOString() });
      await how.onPermanentFailure?.(reason);
      return 'FAILED_PERMANENTLY';
    }
    // Transient: the step fails and is retried with backoff; this claim is reopened.
    await mark(itemKey, { status: 'FAILED', error: reason });
    throw error;
  }
  const sent = { status: 'SENT', messageId, sentAt: new Date().toISOString() };
  if (messageId && how.sentIndex) {
    await db.send(new TransactWriteCommand({
      TransactItems: [{ Update: markUpdate(itemKey, sent) }, { Put: { TableName: tableName, Item: how.sentIndex(messageId) } }],
    }));
  } else {
    await mark(itemKey, sent);
  }
  return 'SENT';
}

async function sendSms(d: Sendable): Promise<string | undefined> {
  const out = await sns.send(new PublishCommand({
    PhoneNumber: d.address,
    Message: d.message.body,
    MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
  }));
  return out.MessageId;
}

async function sendEmail(d: Sendable): Promise<string | undefined> {
  // SES API v2: attachments are part of a simple message, so no MIME is built here.
  const out = await ses.send(new SendEmailCommand({
    FromEmailAddress: d.senderEmail,
    Destination: { ToAddresses: [d.address] },
    Content: {
      Simple: {
        Subject: { Data: d.message.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: d.message.body, Charset: 'UTF-8' } },
        ...(d.headers?.length ? { Headers: d.headers.map((h) => ({ Name: h.name, Value: h.value })) } : {}),
        Attachments: d.attachments?.map((a) => ({
          FileName: a.fileName, ContentType: a.contentType, RawContent: a.content,
          ContentDisposition: 'ATTACHMENT', ContentTransferEncoding: 'BASE64',
        })),
      },
    },
  }));
  return out.MessageId;
}

async function mark(itemKey: Record<string, string>, fields: Record<string, unknown>) {
  await db.send(new UpdateCommand(markUpdate(itemKey, fields)));
}

function markUpdate(itemKey: Record<string, string>, fields: Record<string, unknown>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(fields).map(([k, v], i) => {
    names[`#f${i}`] = k;
    values[`:f${i}`] = v;
    return `#f${i} = :f${i}`;
  });
  return { TableName: tableName, Key: itemKey, UpdateExpression: `SET ${sets.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}
