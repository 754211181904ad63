import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { key } from '../table-keys.ts';
import { db, tableName } from './db.ts';
import type { TransactItem } from './complaints.ts';

/** Has a signed link with this use key been used (its effect committed)? */
export async function isLinkUsed(useKey: string): Promise<boolean> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.actionLinkUse(useKey), ConsistentRead: true }));
  return Boolean(out.Item);
}

/** Records a link's use; goes into the transaction of its effect, and fails it if used before. */
export function linkUsePut(useKey: string, use: { complaintId: string; usedBy: string; usedAt: string }): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...key.actionLinkUse(useKey), entity: 'ActionLinkUse', ...use },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}
