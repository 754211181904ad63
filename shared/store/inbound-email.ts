import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Attachment } from '../domain/attachments.ts';
import { conflict, notFound } from '../domain/errors.ts';
import type { SenderMatch, SetAsideReason } from '../domain/inbound-email.ts';
import { key, tableKeys } from '../table-keys.ts';
import { db, isConditionFailure, tableName, withoutKeys } from './db.ts';
import type { TimelineEvent, TransactItem } from './complaints.ts';

/**
 * Received emails (issue 11): one item per message, whatever became of it, so that a message
 * delivered twice is recognised, and so that nothing received is ever lost from sight. Items
 * waiting for an agent, and those kept aside, are on the byQueue index (INBOX#…).
 */
export type InboundState = 'PENDING' | 'THREADING' | 'COMPLETING' | 'THREADED' | 'COMPLETED' | 'DISMISSED' | 'SET_ASIDE';

export interface InboundAttachmentRecord {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  inline: boolean;
  accepted: boolean;
  refusal?: string;
  /** Where the accepted file is kept (the attachments bucket), and the attachment id it gets on a complaint. */
  objectKey?: string;
  attachmentId?: string;
}

export interface InboundEmailRecord {
  inboundId: string;
  /** The raw message, as SES (or the local SMTP endpoint) stored it in the inbound mail bucket. */
  objectKey: string;
  receivedAt: string;
  state: InboundState;
  setAsideReason?: SetAsideReason;
  /** Why it was set aside or waits, in words (a parse error, "names complaint … but …"). */
  note?: string;
  from?: { address: string; name?: string };
  subject: string;
  sentAt?: string;
  messageId?: string;
  text: string;
  match: SenderMatch & { customerName?: string };
  /** SES's verdicts, and whether the From address is the sender's own (DMARC passed). */
  verdicts?: { spam?: string; virus?: string; spf?: string; dkim?: string; dmarc?: string };
  senderVerified?: boolean;
  attachments: InboundAttachmentRecord[];
  /** Attachments beyond those recorded (a message with very many parts). */
  omittedAttachments?: number;
  /** The complaint it was threaded onto or made into (or, while waiting, the one it is about). */
  complaintId?: string;
  relatedComplaintId?: string;
  /** The sender gets one acknowledgement, in this language. */
  acknowledge: boolean;
  locale: 'zh-CN' | 'en';
  /** Set once the acknowledgement went out (or was refused by SES for good). */
  acknowledgement?: 'SENT' | 'FAILED';
  handledBy?: string;
  handledAt?: string;
  dismissReason?: string;
}

/**
 * The queue an item is in while a person may need to see it (and only then: the index is
 * sparse). THREADING and COMPLETING normally last milliseconds; one left there by failures an
 * operator must look into stays in sight among the waiting ones, with its state.
 */
function queueKeys(r: Pick<InboundEmailRecord, 'state' | 'receivedAt' | 'inboundId'>) {
  const { partitionKey, sortKey } = tableKeys.indexes.byQueue;
  const queue = r.state === 'SET_ASIDE' ? 'SET_ASIDE' : ['PENDING', 'THREADING', 'COMPLETING'].includes(r.state) ? 'PENDING' : undefined;
  if (!queue) return {};
  return { [partitionKey]: key.inboxQueue(queue), [sortKey]: `${r.receivedAt}#${r.inboundId}` };
}

/**
 * Record a received message once: the first delivery writes it, a repeat (SES retrying, the
 * same message sent twice) finds the first item and gets it back, `created: false`.
 */
export async function recordInboundEmail(record: InboundEmailRecord): Promise<{ record: InboundEmailRecord; created: boolean }> {
  try {
    await db.send(new PutCommand({
      TableName: tableName,
      Item: { ...key.inboundEmail(record.inboundId), entity: 'InboundEmail', ...queueKeys(record), ...record },
      ConditionExpression: 'attribute_not_exists(PK)',
    }));
    return { record, created: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { record: await getInboundEmail(record.inboundId), created: false };
  }
}

export async function getInboundEmail(inboundId: string): Promise<InboundEmailRecord> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.inboundEmail(inboundId), ConsistentRead: true }));
  const record = withoutKeys<InboundEmailRecord>(out.Item);
  if (!record) throw notFound('email', inboundId);
  return record;
}

/** Move an item on from `from`, with what the move records; its queue keys follow its new state. */
function settleItem(record: InboundEmailRecord, from: InboundState, to: Partial<InboundEmailRecord> & { state: InboundState }): TransactItem {
  const fields = { ...to, ...queueKeys({ ...record, ...to }) };
  const names: Record<string, string> = { '#state': 'state' };
  const values: Record<string, unknown> = { ':from': from };
  const sets = Object.entries(fields).map(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  const { partitionKey, sortKey } = tableKeys.indexes.byQueue;
  const leavesQueue = Object.keys(queueKeys({ ...record, ...to })).length === 0;
  if (leavesQueue) Object.assign(names, { '#qpk': partitionKey, '#qsk': sortKey });
  return {
    Update: {
      TableName: tableName,
      Key: key.inboundEmail(record.inboundId),
      UpdateExpression: `SET ${sets.join(', ')}${leavesQueue ? ' REMOVE #qpk, #qsk' : ''}`,
      ConditionExpression: '#state = :from',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * Put the message on a complaint, in one transaction: its timeline entry and its evidence (both
 * with ids derived from the message, so doing it again writes the same items), and the item's
 * move to THREADED or COMPLETED. Refused (409) when the item has moved on meanwhile.
 */
export async function attachEmailToComplaint(args: {
  record: InboundEmailRecord;
  from: InboundState;
  to: Partial<InboundEmailRecord> & { state: 'THREADED' | 'COMPLETED'; complaintId: string };
  event: TimelineEvent;
  evidence: Attachment[];
}): Promise<void> {
  const { complaintId } = args.to;
  try {
    await db.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName, Item: { ...key.event(complaintId, args.event.at, args.record.inboundId), entity: 'TimelineEvent', complaintId, ...args.event } } },
        ...args.evidence.map((a): TransactItem => ({
          Put: { TableName: tableName, Item: { PK: key.complaintScope(complaintId), SK: `ATTACHMENT#${a.attachmentId}`, entity: 'Attachment', ...a } },
        })),
        settleItem(args.record, args.from, args.to),
      ],
    }));
  } catch (error) {
    if (isConditionFailure(error)) throw conflict(`email ${args.record.inboundId} was handled meanwhile`);
    throw error;
  }
}

/**
 * Move a waiting item on by itself: an agent dismisses it (thanks, a wrong address, …), or claims
 * it to make it into a complaint (COMPLETING: nobody else can dismiss or claim it meanwhile).
 */
export async function moveInboundEmail(record: InboundEmailRecord, from: InboundState, to: Partial<InboundEmailRecord> & { state: InboundState }): Promise<void> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: [settleItem(record, from, to)] }));
  } catch (error) {
    if (isConditionFailure(error)) throw conflict(`email ${record.inboundId} was handled meanwhile`);
    throw error;
  }
}

/** The complaint one of our emails was about, by the id SES gave it (a reply's In-Reply-To). */
export async function complaintOfSentEmail(messageId: string): Promise<string | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.sentEmail(messageId) }));
  return out.Item?.complaintId as string | undefined;
}

/** Mark the acknowledgement as sent on the item (the delivery log beside it is what prevents a second one). */
export async function noteAcknowledged(inboundId: string, outcome: string): Promise<void> {
  await db.send(new UpdateCommand({
    TableName: tableName, Key: key.inboundEmail(inboundId),
    UpdateExpression: 'SET acknowledgement = :o', ExpressionAttributeValues: { ':o': outcome },
  }));
}
