import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods } from 'aws-cdk-lib/aws-s3';
import { Duration } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { tableKeys } from '../shared/table-keys.ts';
import { StaffIdentity, type IdentitySettings } from './staff-identity.ts';

/**
 * Stateful resources only: the single complaint table, evidence, the webhook secret and the users. Kept in its own stack so that
 * redeploying or deleting the stateless service never touches data.
 */
export interface ComplaintDataStackProps extends StackProps {
  readonly identity: IdentitySettings;
}

export class ComplaintDataStack extends Stack {
  readonly table: Table;
  /** The staff's sign-in: user pool (retained), a group per role, the console's client. */
  readonly identity: StaffIdentity;
  /** Shared secret the phone system signs its webhook calls with (HMAC-SHA256). */
  readonly phoneWebhookSecret: Secret;
  /** Evidence attached to complaints (photos, screenshots, PDFs), uploaded with signed links. */
  readonly attachments: Bucket;

  constructor(scope: Construct, id: string, props: ComplaintDataStackProps) {
    super(scope, id, props);
    this.identity = new StaffIdentity(this, 'StaffIdentity', props.identity);
    this.table = new Table(this, 'ComplaintTable', {
      partitionKey: { name: tableKeys.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableKeys.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.attachments = new Bucket(this, 'AttachmentsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Browsers upload and download directly with the signed links.
      cors: [{ allowedMethods: [HttpMethods.PUT, HttpMethods.GET], allowedOrigins: ['*'], allowedHeaders: ['content-type', 'content-length'], maxAge: 3600 }],
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1), noncurrentVersionExpiration: Duration.days(30) }],
    });
    this.phoneWebhookSecret = new Secret(this, 'PhoneWebhookSecret', {
      description: 'Complaint desk: HMAC key shared with the phone system (see README, Phone-system webhook)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The local cloud serves this secret from the named environment variable (or a dev default).
    (this.phoneWebhookSecret.node.defaultChild as CfnResource).addMetadata('complaint:local-value-env', 'PHONE_WEBHOOK_SECRET');
    for (const index of Object.values(tableKeys.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'ConsoleClientId', { value: this.identity.consoleClient.userPoolClientId });
  }
}
