import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, CorsHttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { StaffIdentity } from './staff-identity.ts';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { PROJECTION_STREAM_FILTERS } from '../shared/domain/projections.ts';
import type { CompanyPolicy } from '../shared/domain/company-policy.ts';
import type { Construct } from 'constructs';
import { ComplaintFunction, type TableAccess } from './complaint-function.ts';
import { LifecycleStateMachine } from './lifecycle-state-machine.ts';
import { EmailIntake, type EmailIntakeSettings } from './email-intake.ts';
import { routes, type RouteDefinition } from './routes.ts';

/** Default throttling of every route of the HTTP API (cdk.json context `apiThrottle`). */
export interface ApiThrottle {
  /** Steady-state requests per second. */
  readonly rateLimit: number;
  /** Requests allowed in a burst. */
  readonly burstLimit: number;
}

export interface ComplaintServiceStackProps extends StackProps {
  readonly table: ITable;
  /** SES-verified identity that notifications and responses are sent from. */
  readonly senderEmail: string;
  readonly phoneWebhookSecret: ISecret;
  readonly actionLinkKeys: ISecret;
  readonly attachments: IBucket;
  /** Raw received emails (data stack) and where they come from (cdk.json emailIntake). */
  readonly inboundMail: IBucket;
  readonly emailIntake: EmailIntakeSettings;
  /** Validated company policy (cdk.json context `companyPolicy`), given to every function. */
  readonly companyPolicy: CompanyPolicy;
  /** The staff's user pool and the console's client (data stack). */
  readonly identity: StaffIdentity;
  /** The only origins browsers may call the API from (the web console). */
  readonly consoleOrigins: string[];
  readonly apiThrottle: ApiThrottle;
}

/** Why the routes that nobody signs in to need no authorizer (cdk-nag AwsSolutions-APIG4). */
const WHY_NO_AUTHORIZER: Record<NonNullable<RouteDefinition['caller']>, string> = {
  phoneSystem: 'The phone system is not a staff user and holds no token: it signs every request with the shared webhook '
    + 'secret (HMAC-SHA256 over timestamp and body), which the function verifies before doing anything, '
    + 'refusing unsigned, wrongly signed and stale requests.',
  actionLink: 'Opened from a signed action link, without sign-in by design: the body carries a token HMAC-signed with the '
    + 'action-link key ring, single-purpose, expiring and single-use, which the function verifies before reading '
    + 'or changing anything; the person it names must still be active and allowed.',
};

/** Stateless resources: the lifecycle functions, the state machine and the HTTP API. */
export class ComplaintServiceStack extends Stack {
  /** The HTTP API (the console stack serves it under /api). */
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: ComplaintServiceStackProps) {
    super(scope, id, props);
    const { table, senderEmail } = props;

    const workflowFunction = (id: string, handler: string, description: string, access: TableAccess = 'readWrite') =>
      new ComplaintFunction(this, id, { handler: `workflow/${handler}`, description, invokedBy: 'stateMachine' }).useTable(table, access);

    // Signed links open the console's action page, which posts the token to /action-links/….
    const actionPage = `${props.consoleOrigins[0]}/action`;
    if (!actionPage.startsWith('https://')) {
      Annotations.of(this).addWarningV2('complaint:action-link-origin',
        `Signed links in SMS and email will point at ${actionPage}: set identity.consoleOrigins in cdk.json to the console's https origin before deploying.`);
    }
    const awaitHumanStep = workflowFunction('AwaitHumanStepFn', 'await-human-step', 'Lifecycle: park the execution until a person acts')
      .useMessaging(senderEmail).useActionLinks(props.actionLinkKeys, actionPage);
    const lifecycle = new LifecycleStateMachine(this, 'Lifecycle', {
      recordIntake: workflowFunction('RecordIntakeFn', 'record-intake', 'Lifecycle: record the complaint as received'),
      classify: workflowFunction('ClassifyFn', 'classify', 'Lifecycle: urgency, category, SLA policy and recipients'),
      notify: workflowFunction('NotifyFn', 'notify', 'Lifecycle: deliver one notification, once').useMessaging(senderEmail),
      awaitHumanStep,
      taskCheckpoint: workflowFunction('TaskCheckpointFn', 'task-checkpoint', 'Lifecycle: fire due reminders and escalations of a task, once')
        .useMessaging(senderEmail),
      announce: workflowFunction('AnnounceFn', 'announce', 'Lifecycle: tell watchers and the service desk about progress')
        .useMessaging(senderEmail),
      prepareResponse: new ComplaintFunction(this, 'PrepareResponseFn', {
        handler: 'workflow/prepare-response', description: "Lifecycle: draft the response in the customer's format (documents)",
        invokedBy: 'stateMachine', rendersDocuments: true, timeout: Duration.seconds(60),
      }).useTable(table, 'readWrite').useResponseDocuments(props.attachments, 'render'),
      sendResponse: workflowFunction('SendResponseFn', 'send-response', 'Lifecycle: send the sales-confirmed response')
        .useMessaging(senderEmail).useResponseDocuments(props.attachments, 'send').useActionLinks(props.actionLinkKeys, actionPage),
      // Closing deletes the complaint's open-case markers.
      closeComplaint: workflowFunction('CloseComplaintFn', 'close-complaint', 'Lifecycle: close the complaint', 'readWriteDelete'),
      followUp: workflowFunction('FollowUpFn', 'follow-up', "Lifecycle: schedule, send, chase or give up the customer's follow-up, once")
        .useMessaging(senderEmail).useActionLinks(props.actionLinkKeys, actionPage),
    });
    const { stateMachine } = lifecycle;
    // A step that is already complete when it is parked resumes itself at once.
    awaitHumanStep.useTaskResponses(stateMachine);

    const api = this.api = new HttpApi(this, 'HttpApi', {
      description: 'Complaint desk API',
      corsPreflight: {
        allowOrigins: props.consoleOrigins,
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        // A CSV report's next part, and its file name.
        exposeHeaders: ['x-next-cursor', 'content-disposition'],
        maxAge: Duration.hours(1),
      },
      // The default stage is added below, with access logs and throttling.
      createDefaultStage: false,
    });
    api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.apiThrottle.rateLimit, burstLimit: props.apiThrottle.burstLimit },
      // One JSON line per request. The route key, not the path: paths carry phone numbers.
      accessLogSettings: {
        destination: new LogGroupLogDestination(new LogGroup(this, 'ApiAccessLogs', {
          retention: RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        })),
        format: AccessLogFormat.custom(JSON.stringify({
          requestId: '$context.requestId',
          requestTime: '$context.requestTime',
          sourceIp: '$context.identity.sourceIp',
          userAgent: '$context.identity.userAgent',
          routeKey: '$context.routeKey',
          status: '$context.status',
          responseLength: '$context.responseLength',
          responseLatency: '$context.responseLatency',
          integrationLatency: '$context.integrationLatency',
          integrationError: '$context.integrationErrorMessage',
          authorizerError: '$context.authorizer.error',
        })),
      },
    });
    // Staff routes: the ID token of the staff user pool, issued to the console's client.
    const staffAuthorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', props.identity.userPool, {
      userPoolClients: [props.identity.consoleClient],
    });
    for (const route of routes) {
      const fn = new ComplaintFunction(this, `${route.id}Fn`, {
        handler: route.handler,
        description: route.description,
        invokedBy: 'httpApi',
        timeout: Duration.seconds(route.timeoutSeconds ?? 10),
        rendersDocuments: route.responseDocuments === 'render',
      }).useTable(table, route.access);
      if (route.startsWorkflow) fn.useWorkflowStart(stateMachine);
      if (route.numbersComplaints) fn.useComplaintNumbers(table);
      if (route.resumesWorkflow) fn.useTaskResponses(stateMachine);
      if (route.messaging) fn.useMessaging(senderEmail);
      if (route.attachments) fn.useAttachments(props.attachments, route.attachments);
      if (route.responseDocuments) fn.useResponseDocuments(props.attachments, route.responseDocuments);
      if (route.responseTemplates) fn.useResponseTemplates(props.attachments, route.responseTemplates);
      if (route.phoneWebhookSecret) fn.useWebhookSecret(props.phoneWebhookSecret);
      if (route.manageAccounts) fn.useStaffAccounts(props.identity.userPool);
      if (route.caller === 'actionLink') fn.useActionLinks(props.actionLinkKeys, actionPage);
      const added = api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
        // The phone system signs its requests (HMAC, checked by the function), action links carry
        // a signed token (checked by the function); all else is staff.
        ...(route.caller ? {} : { authorizer: staffAuthorizer }),
      });
      if (route.caller) {
        for (const r of added) Validations.of(r).acknowledge({ id: 'AwsSolutions-APIG4', reason: WHY_NO_AUTHORIZER[route.caller] });
      }
    }

    // Amazon Connect calls this from a contact flow ("Invoke AWS Lambda function" block).
    const connectLookup = new ComplaintFunction(this, 'ConnectCustomerLookupFn', {
      handler: 'connect/customer-lookup',
      description: 'Amazon Connect: caller lookup for contact flows (flat string attributes)',
      invokedBy: 'amazonConnect',
      timeout: Duration.seconds(8),
    }).useTable(table, 'read');
    connectLookup.addPermission('InvokedByAmazonConnect', {
      principal: new ServicePrincipal('connect.amazonaws.com'),
      sourceAccount: this.account,
    });

    // Complaint numbers that a creation took and never used (it died) go back for the next one.
    const releaseLostNumbers = new ComplaintFunction(this, 'ReleaseLostNumbersFn', {
      handler: 'scheduled/release-lost-numbers',
      description: 'Every 5 minutes: put back complaint numbers taken by creations that did not finish (gapless numbering)',
      invokedBy: 'schedule',
      timeout: Duration.seconds(60),
    }).useTable(table, 'readWrite');
    const sweepSchedule = new Rule(this, 'ReleaseLostNumbersSchedule', {
      description: 'Gapless complaint numbers: release numbers taken by creations that did not finish',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(releaseLostNumbers, { retryAttempts: 2 })],
    });
    Validations.of(sweepSchedule).acknowledge({
      id: 'Serverless-EventBusDLQ',
      reason: 'A scheduled sweep: every run redoes all outstanding work and is idempotent, so an event that could not be '
        + 'delivered is made good by the next run five minutes later; a dead-letter queue would hold nothing worth replaying.',
    });

    // The work queues and reports read projections that this consumer keeps from the table's
    // stream (shared/services/projections.ts); a record it cannot apply after all retries is kept
    // in the queue below for an operator, never dropped silently.
    const projectionFailures = new Queue(this, 'ProjectionFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const notConsumed = 'This queue is itself the dead-letter destination of the projection consumer\'s stream mapping (records it gave up on); nothing consumes it automatically, so it needs no DLQ or redrive of its own.';
    Validations.of(projectionFailures).acknowledge({ id: 'AwsSolutions-SQS3', reason: notConsumed });
    Validations.of(projectionFailures).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason: notConsumed });
    const projectViews = new ComplaintFunction(this, 'ProjectViewsFn', {
      handler: 'streams/project-views',
      description: "Table stream: keep the work queues' and reports' projections in line with the complaints",
      invokedBy: 'tableStream',
      timeout: Duration.seconds(60),
      // A complaint's items and views, and the report counters: nothing else, and no index.
    }).useTable(table, 'readWrite', { partitions: ['COMPLAINT#*', 'REPORT#*'] });
    projectViews.addEventSource(new DynamoEventSource(table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(1),
      reportBatchItemFailures: true,
      retryAttempts: 20,
      maxRecordAge: Duration.days(1),
      onFailure: new SqsDlq(projectionFailures),
      filters: PROJECTION_STREAM_FILTERS.map((pattern) => FilterCriteria.filter(pattern)),
    }));

    // Complaints by email: SES receipt rule → raw message in S3 → the receiving function.
    new EmailIntake(this, 'EmailIntake', {
      settings: props.emailIntake, table, inboundMail: props.inboundMail, attachments: props.attachments, senderEmail,
    });

    for (const fn of this.node.findAll().filter((c): c is ComplaintFunction => c instanceof ComplaintFunction)) {
      fn.addEnvironment('COMPANY_POLICY', JSON.stringify(props.companyPolicy));
    }

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'ConnectLookupFunctionArn', { value: connectLookup.functionArn });
    new CfnOutput(this, 'StateMachineArn', { value: stateMachine.stateMachineArn });
  }
}
