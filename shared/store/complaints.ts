import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { releaseNumber, releasedNumberDelete, takeNumber } from './complaint-numbers.ts';
import type { ArchivedRound, Complaint, ComplaintStatus, ComplaintTask, HumanStep, ResponseSentTo } from '../domain/model.ts';
import type { Attachment } from '../domain/attachments.ts';
import { hasReached, predecessorsOf } from '../domain/lifecycle.ts';
import { conflict, DomainError, invalidField, notFound, saturated } from '../domain/errors.ts';
import { key, tableKeys } from '../table-keys.ts';
import { db, isConditionFailure, isTransactionConflict, tableName, withoutKeys } from './db.ts';

export interface TimelineEvent {
  at: string;
  type: string;
  actor: string;
  detail?: Record<string, unknown>;
}

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** A timeline entry, written in the same transaction as the change it describes. */
export function eventPut(complaintId: string, event: TimelineEvent): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...key.event(complaintId, event.at, randomUUID().slice(0, 8)), entity: 'TimelineEvent', complaintId, ...event },
    },
  };
}

export type IntakeOutcome = 'CREATED' | 'REPEATED' | 'LINKED';

/** Add a timeline entry on its own (for facts that come with no other change). */
export async function appendEvent(complaintId: string, event: TimelineEvent): Promise<void> {
  await db.send(new PutCommand(eventPut(complaintId, event).Put!));
}

/**
 * Write a new complaint under a number of its year (CMP-2026-000123; see complaint-numbers.ts),
 * in one transaction with its first timeline entry, its idempotency record and its open-case
 * markers.
 *
 * - Same idempotency key again (a phone system retrying): the first complaint, REPEATED.
 * - An open complaint already holds a marker (same customer and document or serial): nothing new
 *   is created; the contact is recorded on that complaint, LINKED.
 * Both are checked before a number is taken, and again by the transaction's conditions (two
 * callers at the same moment); a number taken for nothing is released, never lost.
 */
export async function insertComplaint(args: {
  draft: Omit<Complaint, 'complaintId'>;
  year: number;
  idempotencyKey?: string;
  /**
   * What the request asked for (a digest), kept with the idempotency record: the same key with a
   * different request is refused rather than answered with the first one's complaint.
   */
  requestFingerprint?: string;
  /** Open-case markers, e.g. SY001#DOC#DN-1 and SY001#SERIAL#SN-1. */
  openKeys: string[];
}): Promise<{ complaintId: string; outcome: IntakeOutcome }> {
  const earlier = await priorOutcome(args);
  if (earlier) return earlier;
  const giveUpAt = Date.now() + WRITE_BUDGET_MS;
  for (let attempt = 1; ; attempt++) {
    if (Date.now() >= giveUpAt) throw saturated('too many complaints are being taken at this moment; nothing was recorded, try again in a few seconds');
    const number = await takeNumber(args.year);
    const { complaintId } = number;
    const complaint: Complaint = { ...args.draft, complaintId, openKeys: args.openKeys };
    const items: TransactItem[] = [
      {
        Put: {
          TableName: tableName,
          Item: {
            ...key.complaint(complaintId), entity: 'Complaint',
            GSI1PK: key.customerScope(complaint.customerCode),
            GSI1SK: `COMPLAINT#${complaint.receivedAt}#${complaintId}`,
            ...complaint,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      eventPut(complaintId, { at: complaint.receivedAt, type: 'RECEIVED', actor: complaint.recordedBy, detail: { callId: complaint.callId } }),
      ...args.openKeys.map((openKey) => ({
        Put: {
          TableName: tableName,
          Item: { ...key.openCase(openKey), entity: 'OpenCase', complaintId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      })),
    ];
    if (args.idempotencyKey) items.push(idempotencyPut(args.idempotencyKey, complaintId, complaint.receivedAt, args.requestFingerprint));
    const releasedIndex = number.released ? items.push(releasedNumberDelete(args.year, number.n)) - 1 : -1;
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return { complaintId, outcome: 'CREATED' };
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.has(releasedIndex)) continue; // another creation used that released number first: take another
      if (failed?.has(0) && number.released) {
        // A stale release (the number was used after all): drop it and take another.
        await db.send(new DeleteCommand({ TableName: tableName, Key: key.releasedNumber(args.year, number.n) }));
        continue;
      }
      // Not written: whatever happens next, this number goes back for the next creation.
      if (!number.released) await releaseNumber(args.year, number.n, failed ? 'the same complaint was being created at the same moment' : 'the write failed');
      if (!failed) {
        if (isTransactionConflict(error) && Date.now() < giveUpAt) { await pause(attempt); continue; }
        if (isTransactionConflict(error)) throw saturated('too many changes to the same records at this moment; nothing was recorded, try again in a few seconds');
        throw error;
      }
      const earlier = await priorOutcome(args);
      if (earlier) return earlier;
    }
  }
}

/**
 * How long one creation keeps trying when its write collides with another transaction on the
 * same items (well inside the API function's 10 s); each retry waits a random time up to a
 * growing cap ("full jitter") so colliding callers spread out instead of colliding again.
 */
const WRITE_BUDGET_MS = 6000;
const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(400, 10 * 2 ** Math.min(attempt, 6))));

/** The same request before (REPEATED), or an open complaint about the same document or unit (LINKED). */
async function priorOutcome(args: { draft: Omit<Complaint, 'complaintId'>; idempotencyKey?: string; requestFingerprint?: string; openKeys: string[] }) {
  const get = (k: Record<string, string>) => db.send(new GetCommand({ TableName: tableName, Key: k, ConsistentRead: true })).then((o) => o.Item);
  const [prior, ...open] = await Promise.all([
    args.idempotencyKey ? get(key.idempotency('create-complaint', args.idempotencyKey)) : undefined,
    ...args.openKeys.map((openKey) => get(key.openCase(openKey))),
  ]);
  if (prior) {
    if (prior.fingerprint && args.requestFingerprint && prior.fingerprint !== args.requestFingerprint) {
      throw new DomainError('IdempotencyKeyReused', 'this Idempotency-Key was used for a different request; use a new key for a new complaint', 422, 'header.idempotency-key');
    }
    return { complaintId: String(prior.complaintId), outcome: 'REPEATED' as const };
  }
  const existing = open.find(Boolean);
  if (existing) return linkContact(String(existing.complaintId), args.draft, args.idempotencyKey, args.requestFingerprint);
  return undefined;
}

/** A repeat contact about an open complaint: recorded on it (once per idempotency key). */
async function linkContact(complaintId: string, draft: Omit<Complaint, 'complaintId'>, idempotencyKey?: string, fingerprint?: string) {
  const items: TransactItem[] = [
    eventPut(complaintId, {
      at: draft.receivedAt, type: 'REPEAT_CONTACT', actor: draft.recordedBy,
      detail: { description: draft.description, customerRequirements: draft.customerRequirements, callId: draft.callId, documentNumber: draft.documentNumber },
    }),
  ];
  if (idempotencyKey) items.push(idempotencyPut(idempotencyKey, complaintId, draft.receivedAt, fingerprint));
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error; // the same request again: already linked
  }
  return { complaintId, outcome: 'LINKED' as const };
}

function idempotencyPut(idempotencyKey: string, complaintId: string, at: string, fingerprint?: string): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...key.idempotency('create-complaint', idempotencyKey), entity: 'Idempotency', complaintId, at, fingerprint },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** Indexes of the transaction items whose condition failed, or undefined for other errors. */
export function failedConditions(error: unknown): Set<number> | undefined {
  if ((error as Error)?.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  const failed = new Set(reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : [])));
  return failed.size ? failed : undefined;
}

/** The open complaint holding one of these open-case markers (the one a new complaint would be linked to), if any. */
export async function openComplaintFor(openKeys: readonly string[]): Promise<string | undefined> {
  const found = await Promise.all(openKeys.map((openKey) => db.send(new GetCommand({ TableName: tableName, Key: key.openCase(openKey) })).then((o) => o.Item)));
  const item = found.find(Boolean);
  return item ? String(item.complaintId) : undefined;
}

/** Delete items of the open-case markers, to run in the transaction that closes the complaint. */
export function openCaseDeletes(openKeys: readonly string[]): TransactItem[] {
  return openKeys.map((openKey) => ({ Delete: { TableName: tableName, Key: key.openCase(openKey) } }));
}

export async function getComplaint(complaintId: string, consistent = true): Promise<Complaint> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.complaint(complaintId), ConsistentRead: consistent }));
  const complaint = withoutKeys<Complaint>(out.Item);
  if (!complaint) throw notFound('complaint', complaintId);
  return complaint;
}

export async function getTask(complaintId: string, taskId: string): Promise<ComplaintTask> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.task(complaintId, taskId), ConsistentRead: true }));
  const task = withoutKeys<ComplaintTask>(out.Item);
  if (!task) throw notFound('task', `${complaintId}/${taskId}`);
  return task;
}

export interface ComplaintRecord {
  complaint: Complaint;
  /** At most 50 per plan (HandlingPlan). */
  tasks: ComplaintTask[];
  /** At most MAX_ATTACHMENTS_PER_COMPLAINT. */
  attachments: Attachment[];
}

/** The parts of a complaint's partition that grow without bound, read a page at a time. */
export const complaintLogs = {
  timeline: { prefix: 'EVENT#', entity: 'TimelineEvent' },
  deliveries: { prefix: 'DELIVERY#', entity: 'Delivery' },
} as const;
export type ComplaintLog = keyof typeof complaintLogs;

/** Items of one kind under the complaint's partition (a bounded kind: all pages are read). */
export async function queryPartition(complaintId: string, prefix: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': tableKeys.partitionKey, '#sk': tableKeys.sortKey },
      ExpressionAttributeValues: { ':pk': key.complaintScope(complaintId), ':prefix': prefix },
      ConsistentRead: true,
      ExclusiveStartKey: start,
    }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * The complaint with its tasks and attachments (both bounded). Its timeline and delivery log are
 * not here: they grow with every contact and message, so they are read by page (listComplaintLog).
 */
export async function getComplaintRecord(complaintId: string): Promise<ComplaintRecord> {
  const [complaint, tasks, attachments] = await Promise.all([
    getComplaint(complaintId),
    queryPartition(complaintId, 'TASK#'),
    queryPartition(complaintId, 'ATTACHMENT#'),
  ]);
  return {
    complaint,
    tasks: tasks.map((i) => withoutKeys<ComplaintTask>(i)!),
    attachments: attachments.map((i) => withoutKeys<Attachment>(i)!),
  };
}

/**
 * One page of a complaint's timeline or delivery log, oldest first. The cursor is the sort key
 * of the last item returned (opaque to callers: base64url), and is checked to belong to this log
 * so that a forged one reads nothing else.
 */
export async function listComplaintLog(
  complaintId: string, log: ComplaintLog, page: { cursor?: string; limit: number },
  /** False when the caller has read the complaint already (a 404 needs no second read). */
  checkExists = true,
) {
  const { prefix } = complaintLogs[log];
  let after: string | undefined;
  if (page.cursor) {
    after = Buffer.from(page.cursor, 'base64url').toString('utf8');
    if (!after.startsWith(prefix) || after.length > 512) throw invalidField('query.cursor', 'not a cursor this list returned');
  }
  const [, out] = await Promise.all([checkExists ? getComplaint(complaintId, false) : undefined, db.send(new QueryCommand({
    TableName: tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': tableKeys.partitionKey, '#sk': tableKeys.sortKey },
    ExpressionAttributeValues: { ':pk': key.complaintScope(complaintId), ':prefix': prefix },
    ExclusiveStartKey: after ? { [tableKeys.partitionKey]: key.complaintScope(complaintId), [tableKeys.sortKey]: after } : undefined,
    ConsistentRead: true,
    Limit: page.limit,
  }))]);
  const items = out.Items ?? [];
  const last = out.LastEvaluatedKey?.[tableKeys.sortKey];
  return {
    items: items.map((i) => withoutKeys<Record<string, unknown>>(i)!),
    next: typeof last === 'string' ? Buffer.from(last, 'utf8').toString('base64url') : undefined,
  };
}

/**
 * The timeline entries of the given types, oldest first, for a workflow step that needs a few
 * facts from a log of any length (the filter runs in DynamoDB; pages are followed to the end).
 */
export async function timelineEventsOfType(complaintId: string, types: readonly string[]): Promise<TimelineEvent[]> {
  const values: Record<string, unknown> = { ':pk': key.complaintScope(complaintId), ':prefix': complaintLogs.timeline.prefix };
  types.forEach((t, i) => { values[`:t${i}`] = t; });
  const events: TimelineEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      FilterExpression: `#type IN (${types.map((_, i) => `:t${i}`).join(', ')})`,
      ExpressionAttributeNames: { '#pk': tableKeys.partitionKey, '#sk': tableKeys.sortKey, '#type': 'type' },
      ExpressionAttributeValues: values,
      ConsistentRead: true,
      ExclusiveStartKey: start,
    }));
    events.push(...(out.Items ?? []).map((i) => withoutKeys<TimelineEvent>(i)!));
    start = out.LastEvaluatedKey;
  } while (start);
  return events;
}

/** Only the task items of the complaint's partition (not its timeline and delivery log). */
export async function listTasks(complaintId: string): Promise<ComplaintTask[]> {
  const out = await db.send(new QueryCommand({
    TableName: tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :task)',
    ExpressionAttributeNames: { '#pk': tableKeys.partitionKey, '#sk': tableKeys.sortKey },
    ExpressionAttributeValues: { ':pk': key.complaintScope(complaintId), ':task': 'TASK#' },
    ConsistentRead: true,
  }));
  return (out.Items ?? []).map((i) => withoutKeys<ComplaintTask>(i)!);
}

export interface Advance {
  to: ComplaintStatus;
  actor: string;
  at: string;
  /** Attributes set together with the status. */
  set?: Record<string, unknown>;
  /** Extra condition (with its values) that must hold as well. */
  condition?: { expression: string; values: Record<string, unknown>; names?: Record<string, string> };
  extraItems?: TransactItem[];
  eventType?: string;
  eventDetail?: Record<string, unknown>;
}

/**
 * Move a complaint to a new status with a conditional write, together with its timeline entry.
 * A repeat of a move already made (a retried step) is a no-op that reports `changed: false`; a
 * move the lifecycle does not allow is a Conflict.
 */
export async function advanceComplaint(complaintId: string, move: Advance): Promise<{ changed: boolean }> {
  const from = predecessorsOf(move.to);
  const names: Record<string, string> = { '#status': 'status', ...move.condition?.names };
  const values: Record<string, unknown> = { ':to': move.to, ...move.condition?.values };
  from.forEach((status, i) => { values[`:from${i}`] = status; });
  const sets = ['#status = :to'];
  // Keys of `set` may be nested paths such as 'response.decision'.
  for (const [i, [attr, value]] of Object.entries(move.set ?? {}).filter(([, v]) => v !== undefined).entries()) {
    const path = attr.split('.').map((part, j) => {
      names[`#s${i}_${j}`] = part;
      return `#s${i}_${j}`;
    });
    values[`:s${i}`] = value;
    sets.push(`${path.join('.')} = :s${i}`);
  }
  const statusCondition = `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`;
  try {
    await db.send(new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName,
            Key: key.complaint(complaintId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: move.condition ? `${statusCondition} AND (${move.condition.expression})` : statusCondition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
        ...(move.extraItems ?? []),
        eventPut(complaintId, { at: move.at, type: move.eventType ?? move.to, actor: move.actor, detail: move.eventDetail }),
      ],
    }));
    return { changed: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await getComplaint(complaintId);
    if (hasReached(current.status, move.to) && !move.condition) return { changed: false };
    throw conflict(`complaint ${complaintId} is ${current.status}; it cannot move to ${move.to} now`);
  }
}

/**
 * Remember the token of a waiting human step, but only while `stillWaiting` holds. Returns false
 * when the step's outcome already landed: the caller then resumes the execution itself.
 */
export async function parkStep(
  target: { complaintId: string; taskId?: string },
  step: HumanStep,
  token: string,
  stillWaiting: { expression: string; values?: Record<string, unknown>; names?: Record<string, string> },
): Promise<boolean> {
  const isTask = step === 'TASK';
  try {
    await db.send(new UpdateCommand({
      TableName: tableName,
      Key: isTask ? key.task(target.complaintId, target.taskId!) : key.complaint(target.complaintId),
      UpdateExpression: isTask ? 'SET stepToken = :token' : 'SET stepTokens.#step = :token',
      ConditionExpression: `attribute_exists(PK) AND (${stillWaiting.expression})`,
      ExpressionAttributeNames: { ...(isTask ? {} : { '#step': step }), ...stillWaiting.names },
      ExpressionAttributeValues: { ':token': token, ...stillWaiting.values },
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Record the lifecycle execution on the complaint; a replay keeps the first one. */
export async function linkExecution(complaintId: string, executionId: string): Promise<void> {
  await db.send(new UpdateCommand({
    TableName: tableName,
    Key: key.complaint(complaintId),
    UpdateExpression: 'SET executionId = if_not_exists(executionId, :id)',
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeValues: { ':id': executionId },
  })).catch((error) => {
    if (isConditionFailure(error)) throw notFound('complaint', complaintId);
    throw error;
  });
}

/**
 * Change a task with a conditional write, together with its timeline entry (and any extra
 * checks) in one transaction. `set` assigns attributes; `append` adds to list attributes.
 * Returns false when a condition failed.
 */
export async function updateTask(
  complaintId: string,
  taskId: string,
  change: { set?: Record<string, unknown>; append?: Record<string, unknown[]>; condition: string; conditionValues?: Record<string, unknown> },
  event: TimelineEvent,
  extraItems: TransactItem[] = [],
): Promise<boolean> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ...change.conditionValues };
  const sets = Object.entries(change.set ?? {}).map(([attr, value], i) => {
    names[`#u${i}`] = attr;
    values[`:u${i}`] = value;
    return `#u${i} = :u${i}`;
  });
  Object.entries(change.append ?? {}).forEach(([attr, items], i) => {
    names[`#a${i}`] = attr;
    values[`:a${i}`] = items;
    values[':emptyList'] = [];
    sets.push(`#a${i} = list_append(if_not_exists(#a${i}, :emptyList), :a${i})`);
  });
  try {
    await db.send(new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName,
            Key: key.task(complaintId, taskId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: change.condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
        ...extraItems,
        eventPut(complaintId, event),
      ],
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A check that the complaint is in `status`, to run inside another item's transaction. */
export function complaintStatusCheck(complaintId: string, status: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: key.complaint(complaintId),
      ConditionExpression: '#status = :expected',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':expected': status },
    },
  };
}

/**
 * Change fields of a complaint that are not its status (e.g. a reclassification), under a
 * condition, together with its timeline entry.
 */
/**
 * Where the confirmed response goes, decided once before it is sent: a retried send (after a
 * crash) goes to the same address even if master data changed in between, so the customer never
 * gets it twice on two channels. Answers the recipient that holds.
 */
export async function pinResponseRecipient(complaintId: string, revision: number, sentTo: ResponseSentTo): Promise<ResponseSentTo> {
  try {
    await db.send(new UpdateCommand({
      TableName: tableName, Key: key.complaint(complaintId),
      UpdateExpression: 'SET #r.#to = :to',
      ConditionExpression: 'attribute_not_exists(#r.#to) AND #r.#v = :rev',
      ExpressionAttributeNames: { '#r': 'response', '#to': 'sentTo', '#v': 'revision' },
      ExpressionAttributeValues: { ':to': sentTo, ':rev': revision },
    }));
    return sentTo;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const pinned = (await getComplaint(complaintId)).response;
    if (pinned?.revision === revision && pinned.sentTo) return pinned.sentTo;
    throw conflict(`the response to ${complaintId} is no longer revision ${revision}`);
  }
}

export async function reviseComplaint(
  complaintId: string,
  set: Record<string, unknown>,
  condition: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
  event: TimelineEvent,
): Promise<boolean> {
  const names: Record<string, string> = { ...condition.names };
  const values: Record<string, unknown> = { ...condition.values };
  const sets = Object.entries(set).filter(([, v]) => v !== undefined).map(([attr, value], i) => {
    names[`#r${i}`] = attr;
    values[`:r${i}`] = value;
    return `#r${i} = :r${i}`;
  });
  try {
    await db.send(new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName, Key: key.complaint(complaintId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: condition.expression,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
        eventPut(complaintId, event),
      ],
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export { tableName };

/**
 * Reopen a closed complaint into round `round` (one transaction with its timeline entry): the
 * closed round's plan, response, follow-up and deadlines are appended to `rounds` as history and
 * cleared, the new deadlines and execution are set, and the status goes CLOSED → AWAITING_PLAN.
 * Only this write makes that move (it is not in the lifecycle's transitions, so no replayed step
 * of an earlier execution can make it). False when the complaint was not closed in round - 1.
 */
export async function reopenRound(
  complaintId: string, round: number, archived: ArchivedRound,
  set: { planDueAt: string; resolutionDueAt: string; executionId: string }, event: TimelineEvent,
): Promise<boolean> {
  try {
    await db.send(new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName,
            Key: key.complaint(complaintId),
            UpdateExpression: 'SET #status = :open, #round = :round, #rounds = list_append(if_not_exists(#rounds, :none), :archived), '
              // The new round's steps park their tokens in a fresh map (a missing map would make
              // their SET stepTokens.<step> an invalid path).
              + 'planDueAt = :planDueAt, resolutionDueAt = :resolutionDueAt, executionId = :executionId, stepTokens = :noTokens '
              // A complaint hold left on through the close ends with the round (its tasks are done).
              + 'REMOVE #plan, #response, followUp, respondedAt, closedAt, planOverdueAt, capaMissing, #hold',
            ConditionExpression: '#status = :closed AND (attribute_not_exists(#round) OR #round = :previous)',
            ExpressionAttributeNames: { '#status': 'status', '#round': 'round', '#rounds': 'rounds', '#plan': 'plan', '#response': 'response', '#hold': 'hold' },
            ExpressionAttributeValues: {
              ':open': 'AWAITING_PLAN', ':closed': 'CLOSED', ':round': round, ':previous': round - 1, ':none': [], ':archived': [archived],
              ':planDueAt': set.planDueAt, ':resolutionDueAt': set.resolutionDueAt, ':executionId': set.executionId, ':noTokens': {},
            },
          },
        },
        eventPut(complaintId, event),
      ],
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
