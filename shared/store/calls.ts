import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { key, tableKeys } from '../table-keys.ts';
import { db, isConditionFailure, tableName, withoutKeys } from './db.ts';

export interface CallEvent {
  callId: string;
  event: string;
  callerNumber: string;
  /** E.164, or undefined for a withheld number. */
  phone?: string;
  occurredAt: string;
  receivedAt: string;
  /** What the webhook answered the first time, answered again to every redelivery. */
  response: unknown;
}

/** Stored as JSON text: a DynamoDB map would not keep the key order, and redeliveries get the same bytes. */
type StoredCallEvent = Omit<CallEvent, 'response'> & { responseJson: string };
const toItem = ({ response, ...rest }: CallEvent): StoredCallEvent => ({ ...rest, responseJson: JSON.stringify(response) });
const fromItem = ({ responseJson, ...rest }: StoredCallEvent): CallEvent => ({ ...rest, response: JSON.parse(responseJson) });

/**
 * Record one call event once. Returns the stored event: the new one, or for a redelivery the
 * first one, whose response is answered again.
 */
export async function recordCallEvent(call: CallEvent): Promise<{ stored: CallEvent; duplicate: boolean }> {
  const itemKey = key.call(call.callId, call.event);
  try {
    await db.send(new PutCommand({
      TableName: tableName,
      Item: { ...itemKey, entity: 'CallEvent', ...toItem(call) },
      ConditionExpression: 'attribute_not_exists(PK)',
    }));
    return { stored: call, duplicate: false };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const prior = await db.send(new GetCommand({ TableName: tableName, Key: itemKey, ConsistentRead: true }));
    return { stored: fromItem(withoutKeys<StoredCallEvent>(prior.Item)!), duplicate: true };
  }
}

export async function getCall(callId: string): Promise<CallEvent[] | undefined> {
  const out = await db.send(new QueryCommand({
    TableName: tableName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': tableKeys.partitionKey },
    ExpressionAttributeValues: { ':pk': key.call(callId, '').PK },
  }));
  const events = (out.Items ?? []).map((i) => fromItem(withoutKeys<StoredCallEvent>(i)!));
  return events.length ? events : undefined;
}
