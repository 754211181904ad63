import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  taskViewIndexKeys, viewIndexKeys, type ComplaintView, type Counter, type TaskView,
} from '../domain/projections.ts';
import { key } from '../table-keys.ts';
import { db, isConditionFailure, isTransactionConflict, tableName, withoutKeys } from './db.ts';
import { queryPartition, type TransactItem } from './complaints.ts';

/**
 * Storage of the projections (shared/domain/projections.ts): only the stream consumer writes
 * them. Every write of a complaint's projections is one transaction under the view's version,
 * so two consumers working on the same complaint at once cannot both win, and the report
 * counters move in the same transaction as the view they are derived from.
 */

export async function readView(complaintId: string): Promise<ComplaintView | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.complaintView(complaintId), ConsistentRead: true }));
  return withoutKeys<ComplaintView>(out.Item);
}

export async function readTaskView(complaintId: string, taskId: string): Promise<TaskView | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.taskView(complaintId, taskId), ConsistentRead: true }));
  return withoutKeys<TaskView>(out.Item);
}

/** Every task view of the complaint (bounded: 50 tasks a plan, 10 rounds). */
export async function readTaskViews(complaintId: string): Promise<TaskView[]> {
  return (await queryPartition(complaintId, 'TASKVIEW#')).map((i) => withoutKeys<TaskView>(i)!);
}

/** The item of a complaint view, with its index keys (also what the bench writes in bulk). */
export function viewItem(view: ComplaintView): Record<string, unknown> {
  return { ...key.complaintView(view.complaintId), entity: 'ComplaintView', ...view, ...viewIndexKeys(view) };
}

export function taskViewItem(view: TaskView): Record<string, unknown> {
  return { ...key.taskView(view.complaintId, view.taskId), entity: 'TaskView', ...view, ...taskViewIndexKeys(view) };
}

/** Add a counter's counts to its report row (creating the row), and write what the row is about. */
export function counterUpdate(counter: Counter): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries({ ...counter.labels, report: counter.report, month: counter.month }).map(([name, value], i) => {
    names[`#l${i}`] = name;
    values[`:l${i}`] = value;
    return `#l${i} = :l${i}`;
  });
  const adds = Object.entries(counter.counts).map(([name, n], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = n;
    return `#c${i} :c${i}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: key.reportCounter(counter.report, counter.month, counter.row),
      UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** DynamoDB's limit on the items of one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

/**
 * Write a complaint's view (under the version it was read at: undefined = it did not exist), the
 * task views that changed and the counter deltas, all or nothing. False when another consumer
 * wrote the view first (read again and redo).
 */
export async function writeProjections(args: {
  view: ComplaintView;
  readVersion: number | undefined;
  taskViews: readonly TaskView[];
  counters: readonly Counter[];
}): Promise<boolean> {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: viewItem(args.view),
        ConditionExpression: args.readVersion === undefined ? 'attribute_not_exists(PK)' : 'version = :read',
        ...(args.readVersion === undefined ? {} : { ExpressionAttributeValues: { ':read': args.readVersion } }),
      },
    },
    ...args.taskViews.map((tv): TransactItem => ({ Put: { TableName: tableName, Item: taskViewItem(tv) } })),
    ...args.counters.map(counterUpdate),
  ];
  if (items.length > MAX_TRANSACTION_ITEMS) {
    // Cannot happen within the plan limits (50 open tasks, a handful of counters); say so if it does.
    throw new Error(`projection of ${args.view.complaintId} needs ${items.length} writes in one transaction (limit ${MAX_TRANSACTION_ITEMS})`);
  }
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) return false;
    throw error;
  }
}

/** When the first message about the complaint went out (its delivery log, bounded per complaint). */
export async function firstSentAt(complaintId: string): Promise<string | undefined> {
  const sent = (await queryPartition(complaintId, 'DELIVERY#'))
    .flatMap((d) => (d.status === 'SENT' && typeof d.sentAt === 'string' ? [d.sentAt] : []));
  return sent.sort()[0];
}
