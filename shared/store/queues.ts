import { createHash } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { invalidField } from '../domain/errors.ts';
import { key, tableKeys } from '../table-keys.ts';
import { db, tableName, withoutKeys } from './db.ts';

/**
 * Pages of the work queues and reports: one Query on an index made for the list (shared/
 * table-keys.ts), over one or more partitions read one after another, never a Scan. The cursor
 * names the partition and the last key read; it is checked to belong to this list, so a forged
 * one cannot read another list.
 */
export type IndexName = keyof typeof tableKeys.indexes;

export interface IndexPageRequest {
  index: IndexName;
  /** Partition key values, read in this order (e.g. URGENT, then NORMAL). */
  partitions: readonly string[];
  /** Inclusive bounds on the index's sort key. */
  range?: { from?: string; to?: string };
  newestFirst?: boolean;
  /** What a key cannot serve; applied by DynamoDB to the items read (reads stay bounded below). */
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
  limit: number;
  cursor?: string;
}

export interface IndexPage {
  /** Items as stored, keys included (see cursorAfter); strip them with withoutKeys. */
  items: Record<string, unknown>[];
  next?: string;
}

/** With a filter, at most this many Queries fill a page; a sparse match returns a shorter page and a cursor. */
const MAX_READS_PER_PAGE = 5;
/** Items one filtered Query reads at most (a page of 100 rows of about 1 KB stays within DynamoDB's 1 MB). */
const MAX_FILTERED_READ = 400;

/** A cursor: the partition being read, the last key read, and which list (index, partitions, range, filter) it belongs to. */
interface CursorState { p: number; k?: Record<string, string>; l?: string }

/**
 * What makes two page requests the same list: a cursor of one is refused by any other. (Not the
 * key range: "due by now" moves between pages; a cursor outside the range is refused below.)
 */
function listTag(req: Pick<IndexPageRequest, 'index' | 'partitions' | 'filter' | 'newestFirst'>): string {
  // A filter value named :now moves with the clock between pages (like the range): not part of the list.
  const values = Object.fromEntries(Object.entries(req.filter?.values ?? {}).filter(([name]) => name !== ':now'));
  const what = JSON.stringify([req.index, req.partitions, req.filter?.expression ?? null, values, Boolean(req.newestFirst)]);
  return createHash('sha256').update(what).digest('base64url').slice(0, 12);
}

export async function queryIndexPage(req: IndexPageRequest): Promise<IndexPage> {
  const index = tableKeys.indexes[req.index];
  let { p, k: start } = decodeCursor(req);
  const items: Record<string, unknown>[] = [];
  let reads = 0;
  while (p < req.partitions.length && items.length < req.limit && reads < MAX_READS_PER_PAGE) {
    const names: Record<string, string> = { '#pk': index.partitionKey, ...req.filter?.names };
    const values: Record<string, unknown> = { ':pk': req.partitions[p], ...req.filter?.values };
    let condition = '#pk = :pk';
    const { from, to } = req.range ?? {};
    if (from !== undefined || to !== undefined) {
      names['#sk'] = index.sortKey;
      if (from !== undefined) values[':from'] = from;
      if (to !== undefined) values[':to'] = to;
      condition += from !== undefined && to !== undefined ? ' AND #sk BETWEEN :from AND :to' : from !== undefined ? ' AND #sk >= :from' : ' AND #sk <= :to';
    }
    const out = await db.send(new QueryCommand({
      TableName: tableName,
      IndexName: index.name,
      KeyConditionExpression: condition,
      FilterExpression: req.filter?.expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: !req.newestFirst,
      ExclusiveStartKey: start,
      // Limit counts the items read, not those that pass the filter: with a filter, read a few
      // pages' worth at once and keep what the page needs (the cursor then continues after it).
      Limit: req.filter ? Math.min(MAX_FILTERED_READ, req.limit * 4) : req.limit - items.length,
    }));
    reads += 1;
    const found = out.Items ?? [];
    const room = req.limit - items.length;
    if (found.length > room) {
      items.push(...found.slice(0, room));
      return { items, next: cursorAfter(req, items.at(-1)!) };
    }
    items.push(...found);
    if (out.LastEvaluatedKey) {
      start = out.LastEvaluatedKey as Record<string, string>;
    } else {
      p += 1;
      start = undefined;
    }
  }
  return { items, next: p < req.partitions.length ? encodeCursor({ p, k: start, l: listTag(req) }) : undefined };
}

/** The cursor that continues the list right after `item` (a page cut short of what was read). */
export function cursorAfter(req: IndexPageRequest, item: Record<string, unknown>): string {
  const index = tableKeys.indexes[req.index];
  const k = Object.fromEntries([tableKeys.partitionKey, tableKeys.sortKey, index.partitionKey, index.sortKey].map((n) => [n, String(item[n])]));
  return encodeCursor({ p: Math.max(0, req.partitions.indexOf(k[index.partitionKey]!)), k, l: listTag(req) });
}

const encodeCursor = (state: CursorState) => Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');

function decodeCursor(req: IndexPageRequest): CursorState {
  if (!req.cursor) return { p: 0 };
  const refuse = () => invalidField('query.cursor', 'not a cursor this list returned');
  let state: CursorState;
  try {
    state = JSON.parse(Buffer.from(req.cursor, 'base64url').toString('utf8')) as CursorState;
  } catch {
    throw refuse();
  }
  const index = tableKeys.indexes[req.index];
  const names = [tableKeys.partitionKey, tableKeys.sortKey, index.partitionKey, index.sortKey];
  if (!state || typeof state !== 'object' || !Number.isInteger(state.p) || state.p < 0 || state.p >= req.partitions.length) throw refuse();
  // Another list's cursor, or this list's under other filters or dates: start again without it.
  if (state.l !== listTag(req)) throw invalidField('query.cursor', 'this cursor belongs to another list or other filters; ask again without it');
  if (state.k === undefined) return { p: state.p };
  const k = state.k;
  if (typeof k !== 'object' || k === null || Object.keys(k).length !== names.length
    || !names.every((n) => typeof k[n] === 'string' && k[n]!.length <= 1100)
    || k[index.partitionKey] !== req.partitions[state.p]
    // Queues list the projections of complaints and tasks, nothing else.
    || !k[tableKeys.partitionKey]!.startsWith('COMPLAINT#') || !/^(VIEW|TASKVIEW#)/.test(k[tableKeys.sortKey]!)
    // Within the key range asked for (DynamoDB refuses a start outside it).
    || (req.range?.from !== undefined && k[index.sortKey]! < req.range.from)
    || (req.range?.to !== undefined && k[index.sortKey]! > req.range.to)) {
    throw refuse();
  }
  return { p: state.p, k };
}

export { withoutKeys };

/** Does the customer exist? (A queue of an unknown customer is a 404, not an empty list.) */
export async function customerExists(code: string): Promise<boolean> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.customer(code), ProjectionExpression: 'PK' }));
  return Boolean(out.Item);
}

/** A report's counter rows of one month, in row order, starting after `after` (a row key). */
export async function counterRows(report: string, month: string, options: { after?: string; limit: number }): Promise<Record<string, unknown>[]> {
  const out = await db.send(new QueryCommand({
    TableName: tableName,
    KeyConditionExpression: options.after ? '#pk = :pk AND #sk > :after' : '#pk = :pk',
    ExpressionAttributeNames: { '#pk': tableKeys.partitionKey, ...(options.after ? { '#sk': tableKeys.sortKey } : {}) },
    ExpressionAttributeValues: { ':pk': key.reportScope(report, month), ...(options.after ? { ':after': options.after } : {}) },
    Limit: options.limit,
  }));
  return out.Items ?? [];
}

/** Counter rows by key (a single customer's months). */
export async function counterRowsByKey(report: string, months: readonly string[], row: string): Promise<Record<string, unknown>[]> {
  if (months.length === 0) return [];
  const out = await db.send(new BatchGetCommand({
    RequestItems: { [tableName]: { Keys: months.map((m) => key.reportCounter(report, m, row)) } },
  }));
  // 24 small items at most: one request; what DynamoDB leaves unprocessed is asked for again.
  const items = out.Responses?.[tableName] ?? [];
  let unprocessed = out.UnprocessedKeys?.[tableName]?.Keys;
  while (unprocessed?.length) {
    const again = await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: unprocessed } } }));
    items.push(...(again.Responses?.[tableName] ?? []));
    unprocessed = again.UnprocessedKeys?.[tableName]?.Keys;
  }
  return items;
}
