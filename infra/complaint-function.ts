import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Effect, Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct, IConstruct } from 'constructs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableKeys } from '../shared/table-keys.ts';
import { CJK_FONT_FILE } from '../shared/documents/fonts.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Metadata key that tells the local cloud which source file a function's handler lives in. */
export const ENTRY_METADATA = 'complaint:entry';

/**
 * What a function may do with the complaint table. Nothing Scans (every user path is a Get or a
 * Query on a key or the lookup index), and only two functions ever delete an item, inside their
 * transactions: CloseComplaint releases the open-case markers, ImportMasterData removes the
 * role memberships a person lost. They, and only they, get `readWriteDelete`.
 */
export type TableAccess = 'read' | 'readWrite' | 'readWriteDelete';

const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  // TransactWriteItems is authorized per item: Put, Update, ConditionCheck (and Delete) below.
  readWrite: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query',
    'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
  readWriteDelete: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query',
    'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem'],
};

/** What a function may do with the evidence bucket (objects under `complaints/` only). */
export type AttachmentAccess = 'upload' | 'confirm' | 'download';

/**
 * Who invokes a function. Every caller waits for the answer (a synchronous invocation), which
 * is why no function has a dead-letter queue: Lambda only sends failed *asynchronous* events to
 * one; a failed synchronous call is returned to its caller, which retries or reports it.
 */
export type Invoker = 'httpApi' | 'stateMachine' | 'amazonConnect' | 'schedule' | 'tableStream' | 'sesReceipt';

/** Why a function has no dead-letter queue; an asynchronously invoked one (SES) has one instead. */
const NO_DLQ_REASON: Partial<Record<Invoker, string>> = {
  httpApi: 'Invoked synchronously by the HTTP API (Lambda proxy integration): a failure is the HTTP response the client sees and retries; a DLQ only ever receives failed asynchronous invocations.',
  stateMachine: 'Invoked synchronously by the lifecycle state machine (lambda:invoke, RequestResponse): a failure is retried by the task\'s Retry policy and kept in the execution history; a DLQ only ever receives failed asynchronous invocations.',
  amazonConnect: 'Invoked synchronously by an Amazon Connect contact flow, which takes its error branch on failure; a DLQ only ever receives failed asynchronous invocations.',
  tableStream: 'Invoked by a DynamoDB stream event source mapping, which polls and retries the records itself and sends what it finally gives up on to its own on-failure queue (the mapping\'s destination, not a function DLQ, which only ever receives failed asynchronous invocations).',
  schedule: 'Invoked by an EventBridge schedule: each run redoes all outstanding work and is idempotent, so a failed run is made good by the next one minutes later; a dead-letter queue would hold nothing worth replaying.',
};

export interface ComplaintFunctionProps {
  /** Path of the handler file relative to functions/, without extension, e.g. 'api/create-complaint'. */
  readonly handler: string;
  readonly description: string;
  readonly invokedBy: Invoker;
  readonly timeout?: Duration;
  /** Renders response documents: the PDF font is copied beside the bundle (shared/documents/fonts.ts). */
  readonly rendersDocuments?: boolean;
  readonly memorySize?: number;
  /**
   * Invoked asynchronously: events that still fail after Lambda's two retries go to this queue
   * (an on-failure destination: the event with the error, more than a dead-letter queue keeps).
   */
  readonly failureQueue?: IQueue;
}

/** What a function does with response documents in the attachments bucket. */
export type ResponseDocumentAccess = 'render' | 'send' | 'download';

/** The PDF font file, copied into the bundles of the functions that render documents. */
const PDF_FONT = ['node_modules', '@embedpdf', 'fonts-sc', 'fonts', CJK_FONT_FILE].join('/');

/**
 * Acknowledge cdk-nag's wildcard finding for one resource ARN (IAM5), on `scope`. The finding
 * names the resource as cdk-nag flattens it from the template, which for a value of another
 * stack is its export name (`ComplaintData:ExportsOutput…`) — known only once CDK has resolved
 * the cross-stack references. So the acknowledgment is recorded then (construct validation
 * runs after references are resolved and before the validation plugins), for exactly this
 * resource and no other.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string) {
  scope.node.addValidation({
    validate: () => {
      Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${flattenReference(Stack.of(scope).resolve(resource))}]`, reason });
      return [];
    },
  });
}

/** cdk-nag's flattening of a CloudFormation value (utils/flatten-cfn-reference in cdk-nag 3). */
function flattenReference(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const node = value as Record<string, any>;
  if (node['Fn::Join']) return (node['Fn::Join'][1] as unknown[]).map(flattenReference).join(node['Fn::Join'][0]);
  if (node['Fn::Sub']) return flattenReference(node['Fn::Sub']);
  if (node['Fn::GetAtt']) return `<${flattenReference(node['Fn::GetAtt'][0])}.${flattenReference(node['Fn::GetAtt'][1])}>`;
  if (node['Fn::ImportValue']) return flattenReference(node['Fn::ImportValue']);
  if (node.Ref) return `<${flattenReference(node.Ref)}>`;
  return JSON.stringify(node);
}

/**
 * Every Lambda of the system, with the defaults fixed once: Node 24 on arm64, ESM bundle with
 * source maps, bundled locally by esbuild (never Docker), its own log group with a retention,
 * and its own role that starts with nothing but writing to that log group (and X-Ray). Each
 * `use…` method then grants exactly what the function's code calls.
 */
export class ComplaintFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ComplaintFunctionProps) {
    const entry = path.join('functions', `${props.handler}.ts`);
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Instead of the managed AWSLambdaBasicExecutionRole (create any log group, write to all of
    // them): write to this function's own log group, nothing else.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }));
    super(scope, id, {
      entry: path.join(repoRoot, entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(15),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      ...(props.failureQueue ? { onFailure: new SqsDestination(props.failureQueue), retryAttempts: 2, maxEventAge: Duration.hours(6) } : {}),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'complaint-desk',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        sourceMap: true,
        minify: true,
        forceDockerBundling: false,
        // The SDK version the tests ran with, not whatever the runtime ships; one file also
        // loads faster than resolving the runtime's SDK modules (aws-cdk#25492).
        bundleAwsSDK: true,
        // ESM bundles need a real `require` for the few CommonJS dependencies that call it.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        ...(props.rendersDocuments ? {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            // From the bundling input (the project root), so it also holds inside a bundling container.
            afterBundling: (input: string, output: string) => [`cp "${input}/${PDF_FONT}" "${output}/${CJK_FONT_FILE}"`],
          },
        } : {}),
      },
    });
    (this.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA, entry.split(path.sep).join('/'));
    const noDlq = props.failureQueue
      ? 'Invoked asynchronously; events that fail after the retries go to an on-failure destination (an SQS queue), which keeps the event together with the error — what a dead-letter queue would keep, and more.'
      : NO_DLQ_REASON[props.invokedBy];
    if (noDlq) Validations.of(this).acknowledge({ id: 'Serverless-LambdaDLQ', reason: noDlq });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Resource "*" only for actions that have no resource-level permissions: xray:PutTraceSegments and '
        + 'xray:PutTelemetryRecords (active tracing, every function) and, on the functions that send messages, '
        + 'sns:Publish of SMS to a phone number (no ARN; publishing to any topic is explicitly denied) and, on the '
        + 'projection consumer, dynamodb:ListStreams (its stream event source needs it; it has no resource-level permission). '
        + 'test/infra/security.test.ts fails if any other action is granted on "*".',
    });
  }

  /**
   * Callers invoke the function itself, never a version or alias, so grants to invoke it (the
   * state machine's) name the function's ARN only — not also `<arn>:*`, CDK's default.
   */
  override get resourceArnsForGrantInvoke(): string[] {
    return [this.functionArn];
  }

  /**
   * Use the complaint table (see TableAccess), and know its name: the item actions on the table,
   * Query on its named indexes. No Scan, no table-level or stream actions.
   */
  useTable(table: ITable, access: TableAccess, only?: { partitions: string[] }): this {
    this.addToRolePolicy(new PolicyStatement({
      actions: TABLE_ACTIONS[access],
      resources: [table.tableArn],
      // Only items whose partition key matches (e.g. COMPLAINT#*): a function that needs no more gets no more.
      ...(only ? { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': only.partitions } } } : {}),
    }));
    if (!only) {
      this.addToRolePolicy(new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: Object.values(tableKeys.indexes).map((index) => `${table.tableArn}/index/${index.name}`),
      }));
    }
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /**
   * Take and release complaint numbers (shared/store/complaint-numbers.ts): deleting a released
   * number's item is the one delete, and only on the year counters' partitions.
   */
  useComplaintNumbers(table: ITable): this {
    this.addToRolePolicy(new PolicyStatement({
      actions: ['dynamodb:DeleteItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['COUNTER#COMPLAINT#*'] } },
    }));
    return this;
  }

  /** Send SMS through SNS and email through SES from the configured sender (and from no other address). */
  useMessaging(senderEmail: string): this {
    // SMS straight to a phone number has no ARN to scope to, so the grant is on "*" — and every
    // topic (and platform endpoint) is denied, so the function cannot publish to anything else.
    this.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    this.addToRolePolicy(new PolicyStatement({
      effect: Effect.DENY,
      actions: ['sns:Publish'],
      resources: [`arn:${Stack.of(this).partition}:sns:*:*:*`],
    }));
    const identities = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });
    this.addToRolePolicy(new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [identities],
      conditions: { StringEquals: { 'ses:FromAddress': senderEmail } },
    }));
    acknowledgeWildcardResource(this.role!, identities,
      'SES authorizes SendEmail against the sender\'s identity and, while the account is in the SES sandbox, '
      + 'against each recipient\'s identity too (customers and staff, not known at deploy time). The '
      + 'ses:FromAddress condition pins the sender to the configured address.');
    this.addEnvironment('SENDER_EMAIL', senderEmail);
    return this;
  }

  /** Create, update, enable and disable the staff's users and their groups (nothing else). */
  useStaffAccounts(userPool: IUserPool): this {
    userPool.grant(this,
      'cognito-idp:AdminGetUser', 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminUpdateUserAttributes',
      'cognito-idp:AdminEnableUser', 'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminListGroupsForUser', 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminRemoveUserFromGroup');
    this.addEnvironment('USER_POOL_ID', userPool.userPoolId);
    return this;
  }

  /** Start lifecycle executions of this state machine. */
  useWorkflowStart(stateMachine: IStateMachine): this {
    stateMachine.grantStartExecution(this);
    this.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
    return this;
  }

  /**
   * Resume a waiting execution of this state machine (SendTaskSuccess/Failure/Heartbeat). The
   * grant is a policy of its own, not the function's default policy: the state machine invokes
   * some of these functions, and a function waits for its default policy, so naming the state
   * machine there would be a cycle. Nothing waits for this policy.
   */
  useTaskResponses(stateMachine: IStateMachine): this {
    new Policy(this, 'TaskResponsesPolicy', {
      roles: [this.role!],
      statements: [new PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        resources: [stateMachine.stateMachineArn],
      })],
    });
    return this;
  }

  /**
   * Sign links for evidence objects (under `complaints/`): upload (PutObject), download
   * (GetObject), or confirm — read what arrived (HeadObject is GetObject; ListBucket makes a
   * missing object a 404, "not uploaded yet", instead of a 403) and delete a refused upload.
   * Never any object-version, retention, ACL or bucket-configuration action.
   */
  useAttachments(bucket: IBucket, access: AttachmentAccess): this {
    const objects = bucket.arnForObjects('complaints/*');
    const actions = { upload: ['s3:PutObject'], download: ['s3:GetObject'], confirm: ['s3:GetObject', 's3:DeleteObject'] }[access];
    this.addToRolePolicy(new PolicyStatement({ actions, resources: [objects] }));
    if (access === 'download') {
      // Evidence that came with an email is kept where the receiving function put it (email/<id>/…).
      const fromEmail = bucket.arnForObjects('email/*');
      this.addToRolePolicy(new PolicyStatement({ actions, resources: [fromEmail] }));
      acknowledgeWildcardResource(this.role!, fromEmail,
        'Evidence taken from emails is email/<inboundId>/<attachmentId>, created at run time; the grant is limited to that prefix and to downloading.');
    }
    if (access === 'confirm') {
      this.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    }
    acknowledgeWildcardResource(this.role!, objects,
      'Object keys are complaints/<complaintId>/<attachmentId>, created at run time; the grant is limited to that prefix '
      + `and to the ${access === 'confirm' ? 'read and delete' : access === 'upload' ? 'upload' : 'download'} this function signs or performs.`);
    this.addEnvironment('ATTACHMENTS_BUCKET', bucket.bucketName);
    return this;
  }

  /** Sign or verify action links: read the key ring; links point at the console's action page. */
  /**
   * Response documents under complaints/<id>/responses/: render writes them (and reads the
   * customers' templates under customer-templates/), send reads them to attach, download signs
   * short-lived links to them.
   */
  useResponseDocuments(bucket: IBucket, access: ResponseDocumentAccess): this {
    const documents = bucket.arnForObjects('complaints/*/responses/*');
    this.addToRolePolicy(new PolicyStatement({ actions: [access === 'render' ? 's3:PutObject' : 's3:GetObject'], resources: [documents] }));
    acknowledgeWildcardResource(this.role!, documents,
      'Response documents are stored as complaints/<complaintId>/responses/rev<n>/<hash>/<file>, created at run time; the grant is '
      + `limited to that prefix and to ${access === 'render' ? 'writing them' : 'reading them'}.`);
    if (access === 'render') {
      const templates = bucket.arnForObjects('customer-templates/*');
      this.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [templates] }));
      acknowledgeWildcardResource(this.role!, templates,
        "Customers' own response templates are customer-templates/<customerCode>/<hash>/<file>, uploaded at run time; read only.");
    }
    this.addEnvironment('ATTACHMENTS_BUCKET', bucket.bucketName);
    return this;
  }

  /** Customers' response templates under customer-templates/: sign upload links, or check (read, delete) an upload. */
  useResponseTemplates(bucket: IBucket, access: 'upload' | 'confirm'): this {
    const templates = bucket.arnForObjects('customer-templates/*');
    this.addToRolePolicy(new PolicyStatement({ actions: access === 'upload' ? ['s3:PutObject'] : ['s3:GetObject', 's3:DeleteObject'], resources: [templates] }));
    if (access === 'confirm') {
      // Without ListBucket, S3 answers a HEAD of a key never uploaded with 403 instead of 404.
      this.addToRolePolicy(new PolicyStatement({
        actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': 'customer-templates/*' } },
      }));
    }
    acknowledgeWildcardResource(this.role!, templates,
      'Customer templates are customer-templates/<customerCode>/<uploadId>.docx, created at run time; the grant is limited to that prefix '
      + `and to the ${access === 'upload' ? 'upload this function signs' : 'check (read) and removal of a refused upload'}.`);
    this.addEnvironment('ATTACHMENTS_BUCKET', bucket.bucketName);
    return this;
  }

  useActionLinks(keys: ISecret, pageUrl: string): this {
    keys.grantRead(this);
    this.addEnvironment('ACTION_LINK_KEYS_SECRET_ARN', keys.secretArn);
    this.addEnvironment('ACTION_LINK_PAGE_URL', pageUrl);
    return this;
  }

  /**
   * Receive email: read the raw messages SES stored (under `prefix`; HeadObject is GetObject),
   * and keep their accepted attachments as evidence under email/ in the attachments bucket.
   */
  useInboundMail(inbound: IBucket, prefix: string, attachments: IBucket): this {
    const raw = inbound.arnForObjects(`${prefix}*`);
    const evidence = attachments.arnForObjects('email/*');
    this.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [raw] }));
    this.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [evidence] }));
    acknowledgeWildcardResource(this.role!, raw, `Raw messages are ${prefix}<SES message id>, written by SES at run time; read only.`);
    acknowledgeWildcardResource(this.role!, evidence, 'Evidence taken from emails is email/<inboundId>/<attachmentId>, created at run time; written only.');
    this.addEnvironment('INBOUND_MAIL_BUCKET', inbound.bucketName);
    this.addEnvironment('INBOUND_MAIL_PREFIX', prefix);
    this.addEnvironment('ATTACHMENTS_BUCKET', attachments.bucketName);
    return this;
  }

  /** Read the phone system's webhook secret (HMAC key). */
  useWebhookSecret(secret: ISecret): this {
    secret.grantRead(this);
    this.addEnvironment('PHONE_WEBHOOK_SECRET_ARN', secret.secretArn);
    return this;
  }
}
