import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import type { LambdaHost } from './lambda-host.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export interface HistoryEvent {
  id: number;
  timestamp: string;
  type: string;
  name?: string;
  detail?: unknown;
}

export interface ExecutionRecord {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  input: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
}

/** An AWS-shaped error: the local endpoint reports `name` as the error code. */
export class SfnError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface Waiter {
  executionArn: string;
  stateName: string;
  /**
   * When its timer rings, on the monotonic clock (performance.now()), like the engine's own
   * setTimeout timers: a change of the wall clock (a test that moves Date) expires nothing early.
   */
  expiresAt?: number;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

type State = Record<string, any>;

/** Every Task state in the definition, including those inside Map and Parallel states. */
function taskStates(definition: State): [string, State][] {
  const out: [string, State][] = [];
  for (const [name, state] of Object.entries(definition.States as Record<string, State>)) {
    if (state.Type === 'Task') out.push([name, state]);
    for (const inner of [state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])]) {
      if (inner) out.push(...taskStates(inner));
    }
  }
  return out;
}

/**
 * Step Functions on one machine: runs the synthesized ASL with aws-local-stepfunctions, invokes
 * the handlers in-process, and implements the callback pattern (task tokens, SendTaskSuccess,
 * SendTaskFailure) that the library leaves to its host.
 *
 * Executions are written to `storeFile`; one that was RUNNING when the process stopped is
 * replayed from the start with its input on the next start. Every step is idempotent and every
 * human step first checks whether its outcome is already recorded, so the replay walks through
 * what was done and parks again where the complaint really is.
 */
export class LocalStepFunctions {
  private readonly machine: StateMachine;
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly histories = new Map<string, HistoryEvent[]>();
  private readonly running = new Map<string, { abort: () => void; done: Promise<void> }>();
  private readonly waiters = new Map<string, Waiter>();
  /** Executions sleeping in a Wait state (the follow-up's), by execution: the state's name. */
  private readonly sleeping = new Map<string, string>();
  private readonly overrides: Record<string, (input: any, rawInput: any) => Promise<unknown>> = {};

  constructor(private readonly options: {
    stateMachineArn: string;
    definition: State;
    host: LambdaHost;
    storeFile?: string;
    /** Milliseconds to wait between retries instead of the definition's intervals (tests). */
    retryIntervalMs?: number;
    /** Called around each Task state's invocation; tests use it to inject failures. */
    taskHook?: (stateName: string, payload: unknown, invoke: () => Promise<unknown>) => Promise<unknown>;
  }) {
    this.machine = new StateMachine(withoutWholeResultPaths(options.definition) as never, { validationOptions: { checkArn: false, checkPaths: false } });
    for (const [name, state] of taskStates(options.definition)) this.overrides[name] = this.taskOverride(name, state);
    if (options.storeFile && existsSync(options.storeFile)) {
      for (const record of JSON.parse(readFileSync(options.storeFile, 'utf8')) as ExecutionRecord[]) {
        this.executions.set(record.executionArn, record);
      }
    }
  }

  get stateMachineArn() {
    return this.options.stateMachineArn;
  }

  /** Replay executions that were running when the local cloud last stopped. */
  resumeInterrupted(): ExecutionRecord[] {
    const interrupted = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
    for (const record of interrupted) this.run(record);
    return interrupted;
  }

  startExecution(stateMachineArn: string, name: string, input: string): ExecutionRecord {
    if (stateMachineArn !== this.options.stateMachineArn) throw new SfnError('StateMachineDoesNotExist', `no state machine ${stateMachineArn}`);
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // Same name and input while running is idempotent on AWS; anything else is a conflict.
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new SfnError('ExecutionAlreadyExists', `execution ${name} already exists`);
    }
    const record: ExecutionRecord = {
      executionArn, name, stateMachineArn, input, status: 'RUNNING', startDate: new Date().toISOString(),
    };
    this.executions.set(executionArn, record);
    this.persist();
    this.run(record);
    return record;
  }

  sendTaskSuccess(token: string, output: string) {
    this.takeWaiter(token).resolve(JSON.parse(output));
  }

  sendTaskFailure(token: string, error = 'States.TaskFailed', cause = '') {
    this.takeWaiter(token).reject(Object.assign(new Error(cause), { name: error }));
  }

  describeExecution(executionArn: string): ExecutionRecord {
    const record = this.executions.get(executionArn);
    if (!record) throw new SfnError('ExecutionDoesNotExist', `no execution ${executionArn}`);
    return record;
  }

  history(executionArn: string): HistoryEvent[] {
    this.describeExecution(executionArn);
    return this.histories.get(executionArn) ?? [];
  }

  listExecutions(): ExecutionRecord[] {
    return [...this.executions.values()];
  }

  /** Resolves when the execution has stopped (tests and the demo wait on this). */
  async settled(executionArn: string): Promise<ExecutionRecord> {
    await this.running.get(executionArn)?.done;
    return this.describeExecution(executionArn);
  }

  /**
   * Where executions wait, by state name (tests look at these): tokens of human steps, and Wait
   * states sleeping until their time (an execution there is parked as much as one at a token).
   */
  waitingStates(executionArn?: string): string[] {
    this.forgetTimedOut();
    return [
      ...[...this.waiters.values()].filter((w) => !executionArn || w.executionArn === executionArn).map((w) => w.stateName),
      ...[...this.sleeping].filter(([arn]) => !executionArn || arn === executionArn).map(([, state]) => state),
    ];
  }

  async stop() {
    for (const { abort } of this.running.values()) abort();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /** A token whose Task state timed out waits no more (the engine moved on to its Catch). */
  private forgetTimedOut() {
    const now = performance.now();
    for (const [token, waiter] of this.waiters) if (waiter.expiresAt !== undefined && now >= waiter.expiresAt) this.waiters.delete(token);
  }

  private takeWaiter(token: string): Waiter {
    const waiter = this.waiters.get(token);
    if (!waiter) throw new SfnError('InvalidToken', 'the task token is not waiting (used, unknown, or its execution stopped)');
    this.waiters.delete(token);
    if (waiter.expiresAt !== undefined && performance.now() >= waiter.expiresAt) {
      throw new SfnError('TaskTimedOut', 'the task timed out');
    }
    return waiter;
  }

  private run(record: ExecutionRecord) {
    const history: HistoryEvent[] = [];
    this.histories.set(record.executionArn, history);
    const add = (type: string, name?: string, detail?: unknown) =>
      history.push({ id: history.length + 1, timestamp: new Date().toISOString(), type, name, detail });
    add('ExecutionStarted', undefined, { input: record.input });

    const retryIntervalOverrides = this.options.retryIntervalMs === undefined ? undefined
      : Object.fromEntries(Object.keys(this.overrides).map((name) => [name, this.options.retryIntervalMs!]));
    const executionArn = record.executionArn;
    const mintToken = () => `${randomBytes(24).toString('base64url')}.${Buffer.from(executionArn).toString('base64url')}`;
    const execution = this.machine.run(JSON.parse(record.input), {
      // The patched library passes the state's raw input as a second argument (see patches/).
      overrides: { taskResourceLocalHandlers: this.boundOverrides(executionArn) as never, retryIntervalOverrides },
      context: {
        Execution: { Id: executionArn, Name: record.name, RoleArn: 'arn:aws:iam::000000000000:role/local' },
        StateMachine: { Id: record.stateMachineArn, Name: record.stateMachineArn.split(':').pop() },
        // aws-local-stepfunctions has no $$.Task.Token: every read of it mints a fresh one.
        Task: { get Token() { return mintToken(); } },
      },
    });

    const logEvents = (async () => {
      for await (const event of execution.eventLogs) {
        const e = event as { type: string; state?: { name: string; type: string }; index?: number; Error?: string; error?: string };
        if (e.type === 'StateEntered' || e.type === 'StateExited') add(`${e.state!.type}State${e.type.slice(5)}`, e.state!.name, { index: e.index });
        if (e.state?.type === 'Wait' && e.type === 'StateEntered') this.sleeping.set(executionArn, e.state.name);
        if (e.state?.type === 'Wait' && e.type === 'StateExited') this.sleeping.delete(executionArn);
        else if (e.type === 'StateRetried' || e.type === 'StateCaught' || e.type === 'StateFailed') add(e.type, e.state?.name, { error: e.Error ?? e.error });
      }
    })().catch(() => undefined);

    const done = execution.result.then(
      (output) => this.finish(record, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) }),
      (error: Error) => this.finish(record, error.name === 'ExecutionAbortedError'
        ? { status: 'ABORTED' }
        : { status: 'FAILED', error: (error as { errorName?: string }).errorName ?? error.name, cause: error.message }),
    ).then(() => logEvents).then(() => {
      add(record.status === 'SUCCEEDED' ? 'ExecutionSucceeded' : record.status === 'FAILED' ? 'ExecutionFailed' : 'ExecutionAborted');
    });
    this.running.set(executionArn, { abort: () => execution.abort(), done });
  }

  private finish(record: ExecutionRecord, result: Partial<ExecutionRecord>) {
    // Stopping the local cloud aborts executions; they stay RUNNING on disk and are replayed.
    if (result.status === 'ABORTED') return;
    Object.assign(record, result, { stopDate: new Date().toISOString() });
    for (const [token, waiter] of this.waiters) if (waiter.executionArn === record.executionArn) this.waiters.delete(token);
    this.sleeping.delete(record.executionArn);
    this.running.delete(record.executionArn);
    this.persist();
  }

  private boundOverrides(executionArn: string) {
    return Object.fromEntries(Object.entries(this.overrides).map(([name, fn]) => [
      name, (input: unknown, rawInput: unknown) => fn({ executionArn, input }, rawInput),
    ]));
  }

  private taskOverride(stateName: string, state: State) {
    const resource = String(state.Resource);
    const hook = this.options.taskHook ?? ((_s: string, _p: unknown, invoke: () => Promise<unknown>) => invoke());
    const invoke = (fn: string, payload: unknown) => hook(stateName, payload, () => this.options.host.invoke(fn, payload));

    if (resource.endsWith(':lambda:invoke.waitForTaskToken')) {
      const where = tokenPath(state.Parameters);
      if (!where) throw new Error(`local cloud: ${stateName} waits for a task token but never passes $$.Task.Token`);
      return async ({ executionArn, input }: { executionArn: string; input: any }, rawInput: any) => {
        const token = readPath(input, `$.${where.join('.')}`) as string;
        const timeoutSeconds = state.TimeoutSeconds ?? (state.TimeoutSecondsPath ? readPath(rawInput, state.TimeoutSecondsPath) : undefined);
        const result = new Promise((resolve, reject) => {
          this.waiters.set(token, {
            executionArn, stateName, resolve, reject,
            expiresAt: typeof timeoutSeconds === 'number' ? performance.now() + timeoutSeconds * 1000 : undefined,
          });
        });
        try {
          await invoke(input.FunctionName, input.Payload);
        } catch (error) {
          this.waiters.delete(token);
          throw error;
        }
        return result;
      };
    }
    if (resource.endsWith(':lambda:invoke')) {
      return async ({ input }: { input: any }) => ({ StatusCode: 200, ExecutedVersion: '$LATEST', Payload: await invoke(input.FunctionName, input.Payload) });
    }
    if (resource.includes(':lambda:') && resource.includes(':function:')) {
      return async ({ input }: { input: unknown }) => invoke(resource, input);
    }
    throw new Error(`local cloud: Task state ${stateName} uses ${resource}, which the local cloud does not run`);
  }

  private persist() {
    if (!this.options.storeFile) return;
    mkdirSync(path.dirname(this.options.storeFile), { recursive: true });
    writeFileSync(this.options.storeFile, JSON.stringify([...this.executions.values()], null, 2));
  }
}

/**
 * The definition with every `"ResultPath": "$"` left out, which means the same (the state's
 * result replaces its input). aws-local-stepfunctions 3.0.0 instead sets a key named "$" and
 * keeps the old input: TaskCheckpoint's next timer and hold version were lost, and a task's
 * timer was re-armed with its first duration (found by test/workflow/holds.test.ts).
 */
function withoutWholeResultPaths(definition: State): State {
  const states = Object.fromEntries(Object.entries(definition.States as Record<string, State>).map(([name, state]) => {
    const { ResultPath, ...rest } = state;
    const copy: State = ResultPath === '$' ? rest : { ...state };
    if (copy.ItemProcessor) copy.ItemProcessor = withoutWholeResultPaths(copy.ItemProcessor);
    if (copy.Iterator) copy.Iterator = withoutWholeResultPaths(copy.Iterator);
    if (copy.Branches) copy.Branches = copy.Branches.map(withoutWholeResultPaths);
    return [name, copy];
  }));
  return { ...definition, States: states };
}

/** Where the definition puts `$$.Task.Token` in the Parameters, e.g. ['Payload', 'taskToken']. */
function tokenPath(parameters: unknown, at: string[] = []): string[] | undefined {
  if (!parameters || typeof parameters !== 'object') return undefined;
  for (const [field, value] of Object.entries(parameters as Record<string, unknown>)) {
    if (value === '$$.Task.Token' && field.endsWith('.$')) return [...at, field.slice(0, -2)];
    const inner = tokenPath(value, [...at, field]);
    if (inner) return inner;
  }
  return undefined;
}

function readPath(input: unknown, jsonPath: string): unknown {
  return jsonPath.replace(/^\$\.?/, '').split('.').filter(Boolean)
    .reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], input);
}
