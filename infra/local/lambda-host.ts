import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LocalModel } from './cloud-model.ts';
import { repoRoot } from './synth.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/**
 * Runs the functions of the synthesized template in this process, from their source files,
 * with the environment the template gives them. A thrown error keeps its name, as the Lambda
 * runtime reports it (errorType) to Step Functions.
 */
export class LambdaHost {
  private readonly handlers = new Map<string, Promise<Handler>>();

  constructor(private readonly model: LocalModel) {}

  /**
   * One process hosts every function, so their environments are merged; two functions that
   * disagree on a variable would be a local-only surprise, so that is refused outright.
   */
  mergedEnvironment(): Record<string, string> {
    const merged: Record<string, string> = {};
    for (const fn of this.model.functions.values()) {
      for (const [name, value] of Object.entries(fn.environment)) {
        if (name in merged && merged[name] !== value) {
          throw new Error(`local cloud: functions disagree on ${name} (${merged[name]} vs ${value})`);
        }
        merged[name] = value;
      }
    }
    return merged;
  }

  private find(nameOrArn: string) {
    const name = nameOrArn.split(':function:').pop()!.split(':')[0]!;
    const fn = this.model.functions.get(name);
    if (!fn) throw new Error(`local cloud: no function ${nameOrArn}`);
    return fn;
  }

  async invoke(nameOrArn: string, event: unknown): Promise<unknown> {
    const fn = this.find(nameOrArn);
    let handler = this.handlers.get(fn.logicalId);
    if (!handler) {
      handler = import(pathToFileURL(path.join(repoRoot, fn.entry)).href).then((m) => m.handler as Handler);
      this.handlers.set(fn.logicalId, handler);
    }
    const context = {
      functionName: fn.logicalId,
      functionVersion: '$LATEST',
      invokedFunctionArn: fn.arn,
      memoryLimitInMB: '512',
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${fn.logicalId}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => 15_000,
    };
    // Events and results cross a JSON boundary in Lambda; keep that true here.
    const result = await (await handler)(JSON.parse(JSON.stringify(event ?? null)), context);
    return result === undefined ? null : JSON.parse(JSON.stringify(result));
  }
}
