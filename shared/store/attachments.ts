import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Attachment } from '../domain/attachments.ts';
import { notFound } from '../domain/errors.ts';
import { db, tableName, withoutKeys } from './db.ts';

const attachmentKey = (complaintId: string, attachmentId: string) => ({ PK: `COMPLAINT#${complaintId}`, SK: `ATTACHMENT#${attachmentId}` });

export async function putAttachment(attachment: Attachment): Promise<void> {
  await db.send(new PutCommand({
    TableName: tableName,
    Item: { ...attachmentKey(attachment.complaintId, attachment.attachmentId), entity: 'Attachment', ...attachment },
    ConditionExpression: 'attribute_not_exists(PK)',
  }));
}

export async function getAttachment(complaintId: string, attachmentId: string): Promise<Attachment> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: attachmentKey(complaintId, attachmentId), ConsistentRead: true }));
  const attachment = withoutKeys<Attachment>(out.Item);
  if (!attachment) throw notFound('attachment', `${complaintId}/${attachmentId}`);
  return attachment;
}

export async function settleAttachment(a: Attachment, outcome: { status: 'UPLOADED' | 'REJECTED'; at: string; rejection?: string }): Promise<void> {
  await db.send(new UpdateCommand({
    TableName: tableName,
    Key: attachmentKey(a.complaintId, a.attachmentId),
    UpdateExpression: outcome.rejection ? 'SET #status = :s, uploadedAt = :at, rejection = :r' : 'SET #status = :s, uploadedAt = :at',
    ConditionExpression: '#status = :pending',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':s': outcome.status, ':at': outcome.at, ':pending': 'PENDING', ...(outcome.rejection ? { ':r': outcome.rejection } : {}) },
  }));
}
