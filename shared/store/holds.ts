import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Hold } from '../domain/holds.ts';
import type { Checkpoint } from '../domain/rules.ts';
import { key } from '../table-keys.ts';
import { eventPut, type TimelineEvent, type TransactItem } from './complaints.ts';
import { db, isConditionFailure, tableName } from './db.ts';

/**
 * Holds are written with the timeline entry that records them, in one transaction whose
 * conditions are the rules of shared/domain/holds.ts (the service checked them on a read; the
 * conditions settle a race with another request). False: a condition failed, nothing was written.
 */
async function transact(items: TransactItem[]): Promise<boolean> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

const bumpVersion = 'holdVersion = if_not_exists(holdVersion, :zero) + :one';

/** The complaint is in progress and not held (a task's own hold may change). */
const complaintRunning = (complaintId: string): TransactItem => ({
  ConditionCheck: {
    TableName: tableName, Key: key.complaint(complaintId),
    ConditionExpression: '#status = :inProgress AND attribute_not_exists(#hold)',
    ExpressionAttributeNames: { '#status': 'status', '#hold': 'hold' },
    ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS' },
  },
});

/** Hold an open task of a complaint in progress that is not held itself. */
export function holdTask(complaintId: string, taskId: string, hold: Hold, event: TimelineEvent): Promise<boolean> {
  return transact([
    {
      Update: {
        TableName: tableName, Key: key.task(complaintId, taskId),
        UpdateExpression: `SET #hold = :hold, ${bumpVersion}`,
        ConditionExpression: 'attribute_exists(PK) AND #status = :open AND attribute_not_exists(#hold)',
        ExpressionAttributeNames: { '#status': 'status', '#hold': 'hold' },
        ExpressionAttributeValues: { ':hold': hold, ':open': 'OPEN', ':zero': 0, ':one': 1 },
      },
    },
    complaintRunning(complaintId),
    eventPut(complaintId, event),
  ]);
}

export interface TaskShift { taskId: string; dueAt: string; checkpoints: Checkpoint[] }

/** The task's deadline and checkpoints moved by the working time held, added to its total. */
function shiftUpdate(complaintId: string, shift: TaskShift, minutes: number, condition: { expression: string; values?: Record<string, unknown> }, removeHold: boolean): TransactItem {
  return {
    Update: {
      TableName: tableName, Key: key.task(complaintId, shift.taskId),
      UpdateExpression: `SET dueAt = :dueAt, checkpoints = :checkpoints, heldWorkingMinutes = if_not_exists(heldWorkingMinutes, :zero) + :minutes, ${bumpVersion}${removeHold ? ' REMOVE #hold' : ''}`,
      ConditionExpression: `attribute_exists(PK) AND ${condition.expression}`,
      ExpressionAttributeNames: { '#hold': 'hold' },
      ExpressionAttributeValues: { ':dueAt': shift.dueAt, ':checkpoints': shift.checkpoints, ':minutes': minutes, ':zero': 0, ':one': 1, ...condition.values },
    },
  };
}

/** Release the task's own hold (the one placed at `heldAt`), shifting its clock. */
export function releaseTask(complaintId: string, shift: TaskShift, heldAt: string, minutes: number, event: TimelineEvent): Promise<boolean> {
  return transact([
    shiftUpdate(complaintId, shift, minutes, { expression: '#hold.heldAt = :heldAt', values: { ':heldAt': heldAt } }, true),
    {
      ConditionCheck: {
        TableName: tableName, Key: key.complaint(complaintId),
        ConditionExpression: '#status <> :closed AND attribute_not_exists(#hold)',
        ExpressionAttributeNames: { '#status': 'status', '#hold': 'hold' },
        ExpressionAttributeValues: { ':closed': 'CLOSED' },
      },
    },
    eventPut(complaintId, event),
  ]);
}

/**
 * Hold the whole complaint. Its open tasks' hold version moves too, so that a task step about to
 * park with the old one looks again (shared/services/human-steps.ts).
 */
export function holdComplaint(complaintId: string, hold: Hold, openTaskIds: readonly string[], event: TimelineEvent): Promise<boolean> {
  return transact([
    {
      Update: {
        TableName: tableName, Key: key.complaint(complaintId),
        UpdateExpression: 'SET #hold = :hold',
        ConditionExpression: '#status = :inProgress AND attribute_not_exists(#hold)',
        ExpressionAttributeNames: { '#status': 'status', '#hold': 'hold' },
        ExpressionAttributeValues: { ':hold': hold, ':inProgress': 'IN_PROGRESS' },
      },
    },
    ...openTaskIds.map((taskId): TransactItem => ({
      Update: {
        TableName: tableName, Key: key.task(complaintId, taskId),
        UpdateExpression: `SET ${bumpVersion}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
      },
    })),
    eventPut(complaintId, event),
  ]);
}

/**
 * Release the complaint's hold (the one placed at `heldAt`): its resolution deadline and the
 * clocks of its tasks that are not held themselves move by the working time held (a task with
 * its own hold counts the whole time when that is released).
 */
export function releaseComplaint(
  complaintId: string, heldAt: string, minutes: number, resolutionDueAt: string | undefined, shifts: readonly TaskShift[], event: TimelineEvent,
): Promise<boolean> {
  return transact([
    {
      Update: {
        TableName: tableName, Key: key.complaint(complaintId),
        UpdateExpression: `SET heldWorkingMinutes = if_not_exists(heldWorkingMinutes, :zero) + :minutes${resolutionDueAt ? ', resolutionDueAt = :resolutionDueAt' : ''} REMOVE #hold`,
        ConditionExpression: '#hold.heldAt = :heldAt',
        ExpressionAttributeNames: { '#hold': 'hold' },
        ExpressionAttributeValues: { ':heldAt': heldAt, ':minutes': minutes, ':zero': 0, ...(resolutionDueAt ? { ':resolutionDueAt': resolutionDueAt } : {}) },
      },
    },
    ...shifts.map((shift) => shiftUpdate(complaintId, shift, minutes, { expression: 'attribute_not_exists(#hold)' }, false)),
    eventPut(complaintId, event),
  ]);
}

/**
 * Mark a hold chased, once: the task's own (taskId) or the complaint's, and only the hold placed
 * at `heldAt` (a hold released and placed again is a new one). False when it was marked already
 * or is gone.
 */
export async function markChased(complaintId: string, taskId: string | undefined, heldAt: string, event: TimelineEvent): Promise<boolean> {
  return transact([
    {
      Update: {
        TableName: tableName, Key: taskId ? key.task(complaintId, taskId) : key.complaint(complaintId),
        UpdateExpression: 'SET #hold.chasedAt = :at',
        ConditionExpression: '#hold.heldAt = :heldAt AND attribute_not_exists(#hold.chasedAt)',
        ExpressionAttributeNames: { '#hold': 'hold' },
        ExpressionAttributeValues: { ':heldAt': heldAt, ':at': event.at },
      },
    },
    eventPut(complaintId, event),
  ]);
}
