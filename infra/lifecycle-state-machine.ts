import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice, Condition, DefinitionBody, Errors, IntegrationPattern, JsonPath, LogLevel, Map,
  QueryLanguage, StateMachine, StateMachineType, Succeed, TaskInput, Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

export interface LifecycleFunctions {
  readonly recordIntake: IFunction;
  readonly classify: IFunction;
  readonly notify: IFunction;
  readonly awaitHumanStep: IFunction;
  readonly raiseSlaAlert: IFunction;
  readonly prepareResponse: IFunction;
  readonly sendResponse: IFunction;
  readonly closeComplaint: IFunction;
}

/** Failures worth retrying on any Lambda step: every step is idempotent, so a retry is safe. */
const TRANSIENT = [Errors.TASKS_FAILED, 'Lambda.TooManyRequestsException', 'Lambda.ServiceException'];

/**
 * The complaint lifecycle, one Standard execution per complaint (execution name = complaint id):
 * intake → classify → notify → plan (human) → tasks with SLA timers → sales confirmation
 * (human, a rejection loops through a revision) → send response → close.
 *
 * Human steps are `.waitForTaskToken` invocations of one function that stores the token with
 * the complaint; the API call that completes the step resumes the execution. Written in
 * JSONPath so the same definition runs in aws-local-stepfunctions.
 */
export class LifecycleStateMachine extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, fns: LifecycleFunctions) {
    super(scope, id);
    const complaintId = JsonPath.stringAt('$.complaintId');

    const step = (name: string, fn: IFunction, payload: Record<string, unknown>) =>
      new LambdaInvoke(this, name, {
        lambdaFunction: fn,
        payload: TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        resultPath: JsonPath.DISCARD,
      }).addRetry({ errors: TRANSIENT, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 4 });

    const humanStep = (name: string, payload: Record<string, unknown>, resultPath: string, timeout?: Timeout) =>
      new LambdaInvoke(this, name, {
        lambdaFunction: fns.awaitHumanStep,
        integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: TaskInput.fromObject({ taskToken: JsonPath.taskToken, complaintId, ...payload }),
        resultPath,
        taskTimeout: timeout,
        retryOnServiceExceptions: false,
      }).addRetry({ errors: TRANSIENT, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 4 });

    const recordIntake = step('RecordIntake', fns.recordIntake, { complaintId, executionId: JsonPath.stringAt('$$.Execution.Id') });
    const classify = new LambdaInvoke(this, 'Classify', {
      lambdaFunction: fns.classify,
      payload: TaskInput.fromObject({ complaintId }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath: '$.classification',
    }).addRetry({ errors: TRANSIENT, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 4 });

    // One iteration per recipient × channel; each send is deduplicated in the delivery log, so
    // a retried iteration (or a replayed execution) never sends the same message twice.
    const notifyRouted = new Map(this, 'NotifyRoutedPeople', {
      itemsPath: '$.classification.notifications',
      itemSelector: { complaintId, notification: JsonPath.stringAt('$$.Map.Item.Value') },
      maxConcurrency: 10,
      resultPath: JsonPath.DISCARD,
    }).itemProcessor(step('Notify', fns.notify, {
      complaintId,
      notification: JsonPath.objectAt('$.notification'),
    }));

    const awaitPlan = humanStep('AwaitPlan', { step: 'PLAN' }, '$.plan');

    // Each task waits for its completion with the SLA as timeout; on timeout an alert goes out
    // and the task keeps waiting (without a timer) until someone completes it.
    const taskId = JsonPath.stringAt('$.taskId');
    const awaitTask = humanStep('AwaitTask', { step: 'TASK', taskId }, JsonPath.DISCARD, Timeout.at('$.timeoutSeconds'));
    const raiseSlaAlert = step('RaiseSlaAlert', fns.raiseSlaAlert, { complaintId, taskId });
    const awaitOverdueTask = humanStep('AwaitOverdueTask', { step: 'TASK', taskId }, JsonPath.DISCARD);
    awaitTask.addCatch(raiseSlaAlert.next(awaitOverdueTask), { errors: [Errors.TIMEOUT], resultPath: JsonPath.DISCARD });
    const runTasks = new Map(this, 'RunTasks', {
      itemsPath: '$.plan.tasks',
      itemSelector: {
        complaintId,
        taskId: JsonPath.stringAt('$$.Map.Item.Value.taskId'),
        timeoutSeconds: JsonPath.numberAt('$$.Map.Item.Value.timeoutSeconds'),
      },
      maxConcurrency: 0,
      resultPath: JsonPath.DISCARD,
    }).itemProcessor(awaitTask);

    const prepareResponse = step('PrepareResponse', fns.prepareResponse, { complaintId });
    const awaitSales = humanStep('AwaitSalesConfirmation', { step: 'SALES_CONFIRMATION' }, '$.sales');
    const awaitRevision = humanStep('AwaitResponseRevision', { step: 'RESPONSE_REVISION' }, JsonPath.DISCARD);
    const sendResponse = step('SendResponse', fns.sendResponse, { complaintId });
    const close = step('CloseComplaint', fns.closeComplaint, { complaintId });

    const salesDecision = new Choice(this, 'SalesDecision')
      .when(Condition.stringEquals('$.sales.decision', 'REJECTED'), awaitRevision.next(awaitSales))
      .otherwise(sendResponse.next(close).next(new Succeed(this, 'Closed')));

    const definition = recordIntake
      .next(classify)
      .next(notifyRouted)
      .next(awaitPlan)
      .next(runTasks)
      .next(prepareResponse)
      .next(awaitSales)
      .next(salesDecision);

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      queryLanguage: QueryLanguage.JSON_PATH,
      definitionBody: DefinitionBody.fromChainable(definition),
      comment: 'Complaint lifecycle: intake to close',
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'ExecutionLogs', {
          retention: RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: LogLevel.ERROR,
      },
    });
  }
}
