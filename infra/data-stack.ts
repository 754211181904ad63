import { CfnOutput, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Duration } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { tableKeys } from '../shared/table-keys.ts';
import { StaffIdentity, type IdentitySettings } from './staff-identity.ts';
import { ComplaintAnalytics } from './analytics-export.ts';

/**
 * Stateful resources only: the single complaint table, evidence, the webhook secret and the users. Kept in its own stack so that
 * redeploying or deleting the stateless service never touches data.
 */
export interface ComplaintDataStackProps extends StackProps {
  readonly identity: IdentitySettings;
  /** SES-verified sender, also of the user pool's invitations. */
  readonly senderEmail: string;
  /** How long raw received emails are kept (cdk.json emailIntake.rawRetentionDays). */
  readonly rawMailRetentionDays: number;
  /** Deploy only the first N indexes of tableKeys.indexes (an upgrade adds one per deploy; default all). */
  readonly tableIndexes?: number;
}

export class ComplaintDataStack extends Stack {
  readonly table: Table;
  /** The staff's sign-in: user pool (retained), a group per role, the console's client. */
  readonly identity: StaffIdentity;
  /** Shared secret the phone system signs its webhook calls with (HMAC-SHA256). */
  readonly phoneWebhookSecret: Secret;
  /** Key ring that signs action links (a salesperson's confirmation without sign-in). */
  readonly actionLinkKeys: Secret;
  /** Evidence attached to complaints (photos, screenshots, PDFs), uploaded with signed links. */
  readonly attachments: Bucket;
  /** Raw received emails, as SES stores them (complaints by email), expiring. */
  readonly inboundMail: Bucket;
  /** The table's changes in S3 for Athena (Kinesis → Firehose → S3, Glue table, workgroup). */
  readonly analytics: ComplaintAnalytics;

  constructor(scope: Construct, id: string, props: ComplaintDataStackProps) {
    super(scope, id, props);
    // S3 delivers server access logs under a bucket policy, not the legacy log-delivery ACL,
    // whatever the app's feature flags.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    this.identity = new StaffIdentity(this, 'StaffIdentity', props.identity, props.senderEmail);
    this.table = new Table(this, 'ComplaintTable', {
      partitionKey: { name: tableKeys.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableKeys.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // The projection consumer keeps the work queues and report counters from the new images.
      stream: StreamViewType.NEW_IMAGE,
    });
    // Who read, uploaded or deleted which piece of evidence (S3 server access logs), kept a year.
    const accessLogs = new Bucket(this, 'AccessLogsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the attachments bucket\'s server access logs; logging its own access would log the log '
        + 'deliveries. Only S3 log delivery writes to it (bucket policy), and nothing in the system reads it.',
    });
    this.attachments = new Bucket(this, 'AttachmentsBucket', {
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'attachments/',
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Browsers upload and download directly with the signed links.
      cors: [{ allowedMethods: [HttpMethods.PUT, HttpMethods.GET], allowedOrigins: ['*'], allowedHeaders: ['content-type', 'content-length'], maxAge: 3600 }],
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1), noncurrentVersionExpiration: Duration.days(30) }],
    });
    // SES writes each received message here (its S3 action, under a bucket policy it adds); the
    // receiving function reads it. Raw mail holds personal data: it expires, and what a complaint
    // needs of it (text, evidence) is kept on the complaint.
    this.inboundMail = new Bucket(this, 'InboundMailBucket', {
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'inbound-mail/',
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(props.rawMailRetentionDays), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    this.phoneWebhookSecret = new Secret(this, 'PhoneWebhookSecret', {
      description: 'Complaint desk: HMAC key shared with the phone system (see README, Phone-system webhook)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.phoneWebhookSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A shared HMAC key: the phone system signs with it, so it can only change together with the phone system\'s '
        + 'configuration. Automatic rotation would break every call event; it is rotated by hand with the procedure in '
        + 'the README (Phone-system webhook).',
    });
    // The local cloud serves this secret from the named environment variable (or a dev default).
    (this.phoneWebhookSecret.node.defaultChild as CfnResource).addMetadata('complaint:local-value-env', 'PHONE_WEBHOOK_SECRET');
    // {"current":"k1","k1":"<random>"}: a key ring, so a new key can sign while the old one still verifies.
    this.actionLinkKeys = new Secret(this, 'ActionLinkKeys', {
      description: 'Complaint desk: keys that sign action links (see README, Signed action links)',
      generateSecretString: { secretStringTemplate: JSON.stringify({ current: 'k1' }), generateStringKey: 'k1', passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.actionLinkKeys).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A key ring for signed links: a rotation adds a key and makes it current while the old key keeps verifying the '
        + 'links already sent, then drops it 72 hours later. A rotation Lambda replacing the value would invalidate links in '
        + 'flight; it is rotated by hand with the procedure in the README (Signed action links).',
    });
    (this.actionLinkKeys.node.defaultChild as CfnResource).addMetadata('complaint:local-value-env', 'ACTION_LINK_KEYS');
    for (const index of Object.values(tableKeys.indexes).slice(0, props.tableIndexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
    this.analytics = new ComplaintAnalytics(this, 'Analytics', { table: this.table, accessLogs });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'AnalyticsWorkGroup', { value: this.analytics.workGroup.ref });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'ConsoleClientId', { value: this.identity.consoleClient.userPoolClientId });
  }
}
