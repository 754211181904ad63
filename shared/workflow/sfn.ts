import { SFNClient, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';

const sfn = new SFNClient({});

/** Errors that mean the token no longer waits: the step was resumed already or timed out. */
const STALE_TOKEN = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

/**
 * Resume a waiting step. A stale token is not an error here: the step it belonged to has moved
 * on, and the workflow re-checks the stored state when it parks again.
 */
export async function resumeStep(token: string | undefined, output: unknown): Promise<'RESUMED' | 'NOT_WAITING'> {
  if (!token) return 'NOT_WAITING';
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output ?? {}) }));
    return 'RESUMED';
  } catch (error) {
    if (STALE_TOKEN.has((error as Error).name)) return 'NOT_WAITING';
    throw error;
  }
}

/**
 * Wake a waiting step without completing it: the step fails with `error`, which the state
 * machine catches to look at the stored state again (a task's hold placed or released: its
 * timer changes). The human step stays open; the execution parks again with a new token.
 */
export async function wakeStep(token: string | undefined, error: string, cause: string): Promise<'WOKEN' | 'NOT_WAITING'> {
  if (!token) return 'NOT_WAITING';
  try {
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error, cause }));
    return 'WOKEN';
  } catch (error) {
    if (STALE_TOKEN.has((error as Error).name)) return 'NOT_WAITING';
    throw error;
  }
}

/**
 * Start the lifecycle of a complaint. The execution is named after the complaint, so a repeated
 * start with the same input is idempotent (Step Functions returns the running execution).
 */
export async function startLifecycle(stateMachineArn: string, complaintId: string, round?: { round: number; planTimeoutSeconds: number }): Promise<string> {
  // A reopened round is its own execution, named after the complaint and the round, that starts at
  // the plan (the input says which round and when its plan is due).
  const name = round ? roundExecutionName(complaintId, round.round) : complaintId;
  try {
    const out = await sfn.send(new StartExecutionCommand({
      stateMachineArn,
      name,
      input: JSON.stringify(round ? { complaintId, round: round.round, classification: { planTimeoutSeconds: round.planTimeoutSeconds } } : { complaintId }),
    }));
    return out.executionArn!;
  } catch (error) {
    // Same name after the first execution ended (a very late retry): the complaint has its lifecycle.
    if ((error as Error).name === 'ExecutionAlreadyExists') return executionArnOf(stateMachineArn, name);
    throw error;
  }
}

export const roundExecutionName = (complaintId: string, round: number) => `${complaintId}-R${round}`;
export const executionArnOf = (stateMachineArn: string, name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
