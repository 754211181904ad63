import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice, Condition, DefinitionBody, Errors, IntegrationPattern, JsonPath, LogLevel, Map,
  QueryLanguage, StateMachine, StateMachineType, Succeed, TaskInput, Timeout, Wait, WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { HOLD_CHANGED } from '../shared/domain/holds.ts';

export interface LifecycleFunctions {
  readonly recordIntake: IFunction;
  readonly classify: IFunction;
  readonly notify: IFunction;
  readonly awaitHumanStep: IFunction;
  readonly taskCheckpoint: IFunction;
  readonly announce: IFunction;
  readonly prepareResponse: IFunction;
  readonly sendResponse: IFunction;
  readonly closeComplaint: IFunction;
  /** The follow-up's automatic steps: schedule, send, chase, give up (functions/workflow/follow-up.ts). */
  readonly followUp: IFunction;
}

/** Failures worth retrying on any Lambda step: every step is idempotent, so a retry is safe. */
const TRANSIENT = [Errors.TASKS_FAILED, 'Lambda.TooManyRequestsException', 'Lambda.ServiceException'];

/**
 * The complaint lifecycle, one Standard execution per complaint (execution name = complaint id):
 * intake → classify → notify → plan (human) → tasks with SLA timers → response drafted (waiting
 * for the CAPA where the company policy requires one) → sales confirmation
 * (human, a rejection loops through a revision) → send response → close → follow-up (the
 * customer's satisfaction, days later).
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

    const humanStep = (name: string, payload: Record<string, unknown>, resultPath: string, timeout?: Timeout, wakeErrors?: string[]) => {
      const invoke = new LambdaInvoke(this, name, {
        lambdaFunction: fns.awaitHumanStep,
        integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: TaskInput.fromObject({ taskToken: JsonPath.taskToken, complaintId, ...payload }),
        resultPath,
        taskTimeout: timeout,
        retryOnServiceExceptions: false,
      });
      // A wake-up is caught, never retried: listed first, it keeps the States.TaskFailed wildcard
      // of TRANSIENT from matching it.
      if (wakeErrors) invoke.addRetry({ errors: wakeErrors, maxAttempts: 0 });
      return invoke.addRetry({ errors: TRANSIENT, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 4 });
    };

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

    // The plan is owed by its due time: when the timer rings, the managers hear once, and the
    // step keeps waiting without a timer.
    const awaitPlan = humanStep('AwaitPlan', { step: 'PLAN' }, '$.plan', Timeout.at('$.classification.planTimeoutSeconds'));
    const planOverdue = step('PlanOverdue', fns.announce, { complaintId, announcement: { kind: 'PLAN_OVERDUE' } });
    const awaitLatePlan = humanStep('AwaitLatePlan', { step: 'PLAN' }, '$.plan');
    const announcePlan = step('AnnouncePlan', fns.announce, { complaintId, announcement: { kind: 'PLAN' } });
    awaitPlan.addCatch(planOverdue.next(awaitLatePlan).next(announcePlan), { errors: [Errors.TIMEOUT], resultPath: JsonPath.DISCARD });

    // Each task waits for its completion with a timer set to its next checkpoint (a reminder,
    // the deadline, an escalation level). When the timer rings, TaskCheckpoint fires what is due,
    // once, and sets the timer for the next one; after the last, the task waits without a timer.
    // A hold placed or released (shared/services/holds.ts) wakes the waiting task with the error
    // HOLD_CHANGED: TaskCheckpoint then sets the timer again (a held task's clock is paused, a
    // released one's checkpoints are shifted). The hold version keeps a change that comes while
    // no token is parked from being missed (shared/services/human-steps.ts).
    const taskId = JsonPath.stringAt('$.taskId');
    const holdVersion = JsonPath.numberAt('$.holdVersion');
    const awaitTask = humanStep('AwaitTask', { step: 'TASK', taskId, holdVersion }, JsonPath.DISCARD, Timeout.at('$.timeoutSeconds'), [HOLD_CHANGED]);
    const awaitTaskWithoutTimer = humanStep('AwaitTaskWithoutTimer', { step: 'TASK', taskId, holdVersion }, JsonPath.DISCARD, undefined, [HOLD_CHANGED]);
    const taskCheckpoint = new LambdaInvoke(this, 'TaskCheckpoint', {
      lambdaFunction: fns.taskCheckpoint,
      payload: TaskInput.fromObject({ complaintId, taskId }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath: '$',
    }).addRetry({ errors: TRANSIENT, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 4 });
    const announceTaskDone = step('AnnounceTaskDone', fns.announce, { complaintId, announcement: { kind: 'TASK_DONE', taskId } });
    const taskTimer = new Choice(this, 'TaskTimer')
      .when(Condition.isNumeric('$.timeoutSeconds'), awaitTask)
      .otherwise(awaitTaskWithoutTimer);
    awaitTask.addCatch(taskCheckpoint, { errors: [Errors.TIMEOUT, HOLD_CHANGED], resultPath: JsonPath.DISCARD });
    awaitTaskWithoutTimer.addCatch(taskCheckpoint, { errors: [HOLD_CHANGED], resultPath: JsonPath.DISCARD });
    taskCheckpoint.next(taskTimer);
    awaitTask.next(announceTaskDone);
    awaitTaskWithoutTimer.next(announceTaskDone);
    const runTasks = new Map(this, 'RunTasks', {
      itemsPath: '$.plan.tasks',
      itemSelector: {
        complaintId,
        taskId: JsonPath.stringAt('$$.Map.Item.Value.taskId'),
        timeoutSeconds: JsonPath.stringAt('$$.Map.Item.Value.timeoutSeconds'),
        holdVersion: JsonPath.numberAt('$$.Map.Item.Value.holdVersion'),
      },
      maxConcurrency: 0,
      resultPath: JsonPath.DISCARD,
    }).itemProcessor(taskTimer);

    // The draft waits for the CAPA when the company policy requires a root cause and a
    // preventive action for the category: the quality managers hear once, the step waits, and
    // each CAPA save (or a reclassification) resumes it to try again.
    const prepareResponse = new LambdaInvoke(this, 'PrepareResponse', {
      lambdaFunction: fns.prepareResponse,
      payload: TaskInput.fromObject({ complaintId }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath: '$.draft',
    }).addRetry({ errors: TRANSIENT, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 4 });
    const announceCapaRequired = step('AnnounceCapaRequired', fns.announce, { complaintId, announcement: { kind: 'CAPA_REQUIRED' } });
    const awaitCapa = humanStep('AwaitCapa', { step: 'CAPA' }, JsonPath.DISCARD);
    const drafted = new Choice(this, 'ResponseDrafted');
    const awaitSales = humanStep('AwaitSalesConfirmation', { step: 'SALES_CONFIRMATION' }, '$.sales');
    // The rejection is announced here rather than by the API call that records it: once the
    // execution knows of it, a crashed send is retried (and deduplicated per revision), so the
    // quality managers hear of each rejected revision once, whether it came signed in or by link.
    const announceRejection = step('AnnounceRejection', fns.announce, {
      complaintId, announcement: { kind: 'RESPONSE_REJECTED', revision: JsonPath.numberAt('$.sales.revision') },
    });
    const awaitRevision = humanStep('AwaitResponseRevision', { step: 'RESPONSE_REVISION' }, JsonPath.DISCARD);
    const sendResponse = step('SendResponse', fns.sendResponse, { complaintId });
    const close = step('CloseComplaint', fns.closeComplaint, { complaintId });
    const announceClosed = step('AnnounceClosed', fns.announce, { complaintId, announcement: { kind: 'CLOSED' } });

    // Follow-up (回访) after the close: wait until it is due (working days of the complaint's
    // calendar), send the customer a signed satisfaction link, wait for the answer until the chase
    // time, chase once, wait again, then record it unanswered. The answer (by link, or an agent's
    // call) resumes the waiting step; a low score is announced to the service managers.
    const followUpStep = (name: string, action: string, resultPath: string) => new LambdaInvoke(this, name, {
      lambdaFunction: fns.followUp,
      payload: TaskInput.fromObject({ complaintId, action }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath,
    }).addRetry({ errors: TRANSIENT, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 4 });
    const closed = new Succeed(this, 'Closed');
    const scheduleFollowUp = followUpStep('ScheduleFollowUp', 'SCHEDULE', '$.followUp');
    const waitForFollowUp = new Wait(this, 'WaitForFollowUp', { time: WaitTime.timestampPath('$.followUp.dueAt') });
    const sendFollowUp = followUpStep('SendFollowUp', 'SEND', '$.followUp');
    const awaitFollowUp = humanStep('AwaitFollowUp', { step: 'FOLLOW_UP' }, '$.followUpOutcome', Timeout.at('$.followUp.timeoutSeconds'));
    const chaseFollowUp = followUpStep('ChaseFollowUp', 'CHASE', '$.followUp');
    const awaitChasedFollowUp = humanStep('AwaitChasedFollowUp', { step: 'FOLLOW_UP' }, '$.followUpOutcome', Timeout.at('$.followUp.timeoutSeconds'));
    const followUpUnanswered = followUpStep('FollowUpUnanswered', 'GIVE_UP', '$.followUpOutcome');
    const announceLowScore = step('AnnounceLowScore', fns.announce, {
      complaintId, announcement: { kind: 'FOLLOW_UP_LOW_SCORE', round: JsonPath.numberAt('$.followUp.round') },
    });
    const followUpScore = new Choice(this, 'FollowUpScore')
      .when(Condition.booleanEquals('$.followUpOutcome.lowScore', true), announceLowScore.next(closed))
      .otherwise(closed);
    awaitFollowUp.addCatch(chaseFollowUp, { errors: [Errors.TIMEOUT], resultPath: JsonPath.DISCARD });
    chaseFollowUp.next(awaitChasedFollowUp);
    awaitChasedFollowUp.addCatch(followUpUnanswered, { errors: [Errors.TIMEOUT], resultPath: JsonPath.DISCARD });
    awaitFollowUp.next(followUpScore);
    awaitChasedFollowUp.next(followUpScore);
    followUpUnanswered.next(followUpScore);

    // Only an explicit confirmation sends; anything else (quality revised the draft before sales
    // decided: REVISED) asks sales again about the current revision.
    const salesDecision = new Choice(this, 'SalesDecision')
      .when(Condition.stringEquals('$.sales.decision', 'REJECTED'), announceRejection.next(awaitRevision).next(awaitSales))
      .when(Condition.stringEquals('$.sales.decision', 'CONFIRMED'), sendResponse.next(close).next(announceClosed).next(scheduleFollowUp).next(waitForFollowUp).next(sendFollowUp).next(awaitFollowUp))
      .otherwise(awaitSales);

    // A reopened complaint's new round (input `round`, and the plan's timer) starts at the plan.
    const start = new Choice(this, 'Round')
      .when(Condition.isPresent('$.round'), awaitPlan)
      .otherwise(recordIntake);
    recordIntake
      .next(classify)
      .next(notifyRouted)
      .next(awaitPlan)
      .next(announcePlan)
      .next(runTasks)
      .next(prepareResponse)
      .next(drafted
        .when(Condition.booleanEquals('$.draft.drafted', false), announceCapaRequired.next(awaitCapa).next(prepareResponse))
        .otherwise(awaitSales.next(salesDecision)));

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      queryLanguage: QueryLanguage.JSON_PATH,
      definitionBody: DefinitionBody.fromChainable(start),
      comment: 'Complaint lifecycle: intake to close',
      tracingEnabled: true,
      // Every execution event (state entered/exited, task scheduled/failed, ...), without the
      // state input and output: those carry customers' names, phone numbers and complaint text,
      // which belong in the table, not in a log.
      logs: {
        destination: new LogGroup(this, 'ExecutionLogs', {
          retention: RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Resource "*" only for actions that have no resource-level permissions: X-Ray tracing '
        + '(xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and the CloudWatch Logs '
        + 'delivery actions that Step Functions logging requires (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, '
        + 'DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups). '
        + 'Its Lambda invocations name each function\'s ARN.',
    });
  }
}
