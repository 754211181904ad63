import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Metadata key that tells the local cloud which source file a function's handler lives in. */
export const ENTRY_METADATA = 'complaint:entry';

export interface ComplaintFunctionProps {
  /** Path of the handler file relative to functions/, without extension, e.g. 'api/create-complaint'. */
  readonly handler: string;
  readonly description: string;
  readonly timeout?: Duration;
}

/**
 * Every Lambda of the system, with the defaults fixed once: Node 24 on arm64, ESM bundle with
 * source maps, bundled locally by esbuild (never Docker), its own log group with a retention.
 */
export class ComplaintFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ComplaintFunctionProps) {
    const entry = path.join('functions', `${props.handler}.ts`);
    super(scope, id, {
      entry: path.join(repoRoot, entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(15),
      tracing: Tracing.ACTIVE,
      logGroup: new LogGroup(scope, `${id}Logs`, {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
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
      },
    });
    (this.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA, entry.split(path.sep).join('/'));
  }

  /** Read and write the complaint table, and know its name. */
  useTable(table: ITable, access: 'read' | 'readWrite' = 'readWrite'): this {
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /** Send SMS through SNS and email through SES from the configured sender. */
  useMessaging(senderEmail: string): this {
    this.addToRolePolicy(new PolicyStatement({
      effect: Effect.ALLOW,
      // SMS to a phone number has no topic ARN to scope to.
      actions: ['sns:Publish'],
      resources: ['*'],
    }));
    this.addToRolePolicy(new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
    }));
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

  /**
   * Resume a waiting execution (SendTaskSuccess/Failure). Task tokens carry no resource, so the
   * grant is scoped to the account's state machines instead of one ARN: the lifecycle state
   * machine itself invokes some of these functions, and naming its ARN here would be a cycle.
   */
  useTaskResponses(): this {
    this.addToRolePolicy(new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
      resources: [Stack.of(this).formatArn({ service: 'states', resource: 'stateMachine', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
    return this;
  }
}
