import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { key, tableKeys } from '../table-keys.ts';
import { db, isConditionFailure, tableName, withoutKeys } from './db.ts';

export interface CallEvent {
  callId: string;
  event: string;
  callerNumber: string;
  /** E.164, or undefined for a withheld number. */
  phone?: string;
  /** The desk extension the event names, if any. */
  agentExtension?: string;
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

/** The latest call event at a desk extension, with the screen pop the console shows for it. */
export interface ExtensionCall {
  extension: string;
  callId: string;
  event: 'RINGING' | 'ANSWERED' | 'ENDED';
  occurredAt: string;
  /** The screen pop answered to the phone system (shared/services/phone-calls.ts), as JSON text. */
  responseJson: string;
}

const eventOrder = { RINGING: 0, ANSWERED: 1, ENDED: 2 } as const;

/**
 * Record the call now at the extension. Phone systems redeliver and reorder webhooks: an event
 * older than the one stored changes nothing, so a late RINGING never pops up a call that has
 * ended. Within a call, events of the same time go RINGING < ANSWERED < ENDED; another call's
 * RINGING or ANSWERED of the same time wins (the next caller handed over at hang-up); an end
 * ends only its own call, never hiding the one that came after it.
 */
export async function putExtensionCall(call: ExtensionCall): Promise<void> {
  try {
    await db.send(new PutCommand({
      TableName: tableName,
      Item: { ...key.extensionCall(call.extension), entity: 'ExtensionCall', ...call, eventOrder: eventOrder[call.event] },
      ConditionExpression: call.event === 'ENDED'
        ? 'attribute_not_exists(PK) OR (callId = :call AND (occurredAt < :at OR (occurredAt = :at AND eventOrder <= :order)))'
        : 'attribute_not_exists(PK) OR occurredAt < :at OR (occurredAt = :at AND (callId <> :call OR eventOrder <= :order))',
      ExpressionAttributeValues: { ':at': call.occurredAt, ':order': eventOrder[call.event], ':call': call.callId },
    }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export async function getExtensionCall(extension: string): Promise<ExtensionCall | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.extensionCall(extension), ConsistentRead: true }));
  const item = withoutKeys<ExtensionCall & { entity?: string; eventOrder?: number }>(out.Item);
  if (!item) return undefined;
  const { entity: _entity, eventOrder: _order, ...call } = item;
  return call;
}
