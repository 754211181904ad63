import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';

/**
 * Every item of the test's table, sorted, as one string: equal snapshots before and after a
 * request mean it wrote nothing. (A Scan is fine here: a test table holds a few hundred items.)
 * The projections (complaint and task views, report counters) are left out: the stream consumer
 * derives them from the other items a moment after each change, so they may still be catching
 * up with an earlier request; a request that wrote no item changes none of them.
 */
export async function tableSnapshot(): Promise<string> {
  const { db, tableName } = await import('../../shared/store/db.ts');
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items.filter((i) => !isProjection(i)).map((i) => JSON.stringify(i, Object.keys(i).sort())).sort().join('\n');
}

/** The request is refused with `status` and the table is byte-identical afterwards; its body. */
export async function refusedWithNothingWritten(request: () => Promise<{ status: number; body: any }>, status: number) {
  const before = await tableSnapshot();
  const res = await request();
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(await tableSnapshot()).toBe(before);
  return res.body;
}

const isProjection = (item: Record<string, unknown>) =>
  item.SK === 'VIEW' || String(item.SK).startsWith('TASKVIEW#') || String(item.PK).startsWith('REPORT#');
