import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { key, tableKeys } from '../table-keys.ts';
import { db, isConditionFailure, tableName } from './db.ts';

/**
 * Complaint numbers: CMP-<year>-<6 digits>, unique, and gapless per year — even when a call
 * centre takes hundreds of complaints in the same second after a product recall.
 *
 * A creation takes a number with one atomic ADD on the year's counter. Unlike a read-then-
 * conditional-write, an ADD never loses a race, so callers do not retry against the one hot
 * item (that made 1 in 5 callers fail at 50 at once). The price is that a number can be taken
 * and then not used; those are put back instead of lost:
 *
 * - A creation that turns out not to need its number (a repeated request, or a contact linked
 *   to an open complaint that another caller opened a moment earlier) releases it: a FREE# item.
 * - The next creation of that year uses a released number before it takes a new one, deleting
 *   the FREE# item in the same transaction that writes the complaint (so two creations cannot
 *   both use it). Numbers therefore stay gapless, though not always in order of intake.
 * - A creation that dies between taking and using its number (a crash, a timeout) cannot
 *   release it; the scheduled sweep (sweepLostNumbers) finds such numbers — taken at least one
 *   sweep interval ago, longer than any creation can live, with no complaint — and releases them.
 */
export const complaintNumber = (year: number, n: number) => `CMP-${year}-${String(n).padStart(6, '0')}`;

export interface TakenNumber {
  n: number;
  complaintId: string;
  /** Set when the number is a released one: its FREE# item must be deleted with the complaint's write. */
  released?: boolean;
}

/** A released number of the year if there is one, else the next from the counter. */
export async function takeNumber(year: number): Promise<TakenNumber> {
  const free = await db.send(new QueryCommand({
    TableName: tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :free)',
    ExpressionAttributeNames: { '#pk': tableKeys.partitionKey, '#sk': tableKeys.sortKey },
    ExpressionAttributeValues: { ':pk': key.releasedNumbersScope(year), ':free': 'FREE#' },
    ConsistentRead: true,
    Limit: 10,
  }));
  const released = (free.Items ?? []).map((i) => Number(i.n));
  if (released.length) {
    // Several creators may see the same few; picking at random spreads them over the list.
    const n = released[Math.floor(Math.random() * released.length)]!;
    return { n, complaintId: complaintNumber(year, n), released: true };
  }
  const out = await db.send(new UpdateCommand({
    TableName: tableName,
    Key: key.counter(`COMPLAINT#${year}`),
    UpdateExpression: 'ADD #value :one SET entity = :entity',
    ExpressionAttributeNames: { '#value': 'value' },
    ExpressionAttributeValues: { ':one': 1, ':entity': 'Counter' },
    ReturnValues: 'UPDATED_NEW',
  }));
  const n = Number(out.Attributes?.value);
  return { n, complaintId: complaintNumber(year, n) };
}

/** The transaction item that uses a released number: it fails if another creation used it first. */
export function releasedNumberDelete(year: number, n: number) {
  return {
    Delete: { TableName: tableName, Key: key.releasedNumber(year, n), ConditionExpression: 'attribute_exists(#pk)', ExpressionAttributeNames: { '#pk': tableKeys.partitionKey } },
  };
}

/**
 * Put a taken number back for the next creation, unless a complaint holds it (checked in the
 * same transaction, so a late write of that complaint and the release cannot both happen).
 */
export async function releaseNumber(year: number, n: number, reason: string, at = new Date()): Promise<void> {
  try {
    await db.send(new TransactWriteCommand({
      TransactItems: [
        { ConditionCheck: { TableName: tableName, Key: key.complaint(complaintNumber(year, n)), ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': tableKeys.partitionKey } } },
        { Put: { TableName: tableName, Item: { ...key.releasedNumber(year, n), entity: 'ReleasedNumber', n, reason, at: at.toISOString() }, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': tableKeys.partitionKey } } },
      ],
    }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error; // used after all, or released already: nothing to do
  }
}

/** Far longer than a creation can live (the API function's timeout is 10 s). */
const MIN_SWEEP_GAP_MS = 60_000;

/**
 * Release the numbers of the year that a creation took and never used. Each run checks the
 * numbers that the previous run saw taken — at least one interval ago, longer than a creation
 * can live (the API function's timeout) — so a creation still in flight is never robbed. Runs
 * are idempotent: a number already used or released is left alone.
 */
export async function sweepLostNumbers(year: number, now = new Date()): Promise<{ checked: number; released: number[] }> {
  const [counter, sweep] = await Promise.all([
    db.send(new GetCommand({ TableName: tableName, Key: key.counter(`COMPLAINT#${year}`), ConsistentRead: true })),
    db.send(new GetCommand({ TableName: tableName, Key: key.numberSweep(year), ConsistentRead: true })),
  ]);
  // A second run right after the first (a retried or duplicated schedule) would look at numbers
  // taken moments ago: it waits for the next interval instead.
  if (sweep.Item?.at && now.getTime() - Date.parse(String(sweep.Item.at)) < MIN_SWEEP_GAP_MS) return { checked: 0, released: [] };
  const taken = Number(counter.Item?.value ?? 0);
  const checkedUpTo = Number(sweep.Item?.checkedUpTo ?? 0);
  const seenTaken = Number(sweep.Item?.seenTaken ?? 0);
  const released: number[] = [];
  for (let from = checkedUpTo + 1; from <= seenTaken; from += 100) {
    const numbers = Array.from({ length: Math.min(100, seenTaken - from + 1) }, (_, i) => from + i);
    const used = await existingComplaints(numbers.map((n) => complaintNumber(year, n)));
    for (const n of numbers) {
      if (used.has(complaintNumber(year, n))) continue;
      await releaseNumber(year, n, 'taken by a creation that did not finish', now);
      released.push(n);
    }
  }
  await db.send(new PutCommand({
    TableName: tableName,
    Item: { ...key.numberSweep(year), entity: 'NumberSweep', checkedUpTo: Math.max(checkedUpTo, seenTaken), seenTaken: taken, at: now.toISOString() },
  }));
  return { checked: Math.max(0, seenTaken - checkedUpTo), released };
}

/** Which of these complaints exist (BatchGet, unprocessed keys retried). */
async function existingComplaints(ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  let keys: Record<string, unknown>[] = ids.map((id) => key.complaint(id));
  for (let attempt = 0; keys.length; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    const out = await db.send(new BatchGetCommand({
      RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'complaintId' } },
    }));
    for (const item of out.Responses?.[tableName] ?? []) found.add(String(item.complaintId));
    keys = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
  }
  return found;
}
