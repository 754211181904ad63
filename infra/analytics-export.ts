import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { CfnTable as CfnDynamoTable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { acknowledgeWildcardResource } from './complaint-function.ts';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, StorageClass, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * Analytics beyond the reports (issue 10, item 3): every change of the complaint table lands in
 * S3 as JSON, partitioned by day, with a Glue table over it, so a company can ask Athena
 * anything about years of complaints without touching the table that people work on.
 *
 * Why a change stream (Kinesis Data Streams for DynamoDB → Firehose → S3) rather than scheduled
 * DynamoDB exports: exports land under a new random export id each time, so a Glue table cannot
 * follow them without a crawler or a job rewriting its location, and each full export reads (and
 * bills) the whole table again; the change stream is continuous, append-only and partitioned by
 * day with partition projection (no crawler), and its cost follows the changes, not the table
 * size. The history it gives (every version of every item) is what trend questions need; the
 * latest state is one `max_by` away (README, Analytics beyond the reports).
 */
export interface ComplaintAnalyticsProps {
  readonly table: Table;
  /** Server access logs of the analytics bucket go here (the data stack's access-log bucket). */
  readonly accessLogs: IBucket;
}

/** Where Firehose writes the changes; the Glue table's partition projection mirrors it. */
export const CHANGES_PREFIX = 'changes/';
export const ATHENA_RESULTS_PREFIX = 'athena-results/';
/** Glue names (lower case: Athena folds identifiers). */
export const ANALYTICS_DATABASE = 'complaint_desk';
export const CHANGES_TABLE = 'complaint_changes';

/** The complaint attributes the Glue table names (DynamoDB JSON: each a struct of its type). */
const COMPLAINT_STRINGS = [
  'complaintid', 'status', 'customercode', 'customername', 'category', 'urgency', 'salespersonid', 'documentnumber',
  'receivedat', 'plandueat', 'resolutiondueat', 'respondedat', 'closedat',
];

export class ComplaintAnalytics extends Construct {
  readonly bucket: Bucket;
  readonly changes: Stream;
  readonly deliveryStream: CfnDeliveryStream;
  readonly workGroup: CfnWorkGroup;

  constructor(scope: Construct, id: string, props: ComplaintAnalyticsProps) {
    super(scope, id);
    const { account } = Stack.of(this);

    // The table's item-level changes (Kinesis Data Streams for DynamoDB), kept a day for Firehose.
    this.changes = new Stream(this, 'ChangeStream', {
      streamMode: StreamMode.ON_DEMAND,
      encryption: StreamEncryption.MANAGED,
      retentionPeriod: Duration.hours(24),
    });
    (props.table.node.defaultChild as CfnDynamoTable).kinesisStreamSpecification = {
      streamArn: this.changes.streamArn,
      approximateCreationDateTimePrecision: 'MILLISECOND',
    };

    this.bucket = new Bucket(this, 'AnalyticsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'analytics/',
      lifecycleRules: [
        // Years of history stay queryable; older changes move to cheaper storage.
        { prefix: CHANGES_PREFIX, transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }] },
        { prefix: ATHENA_RESULTS_PREFIX, expiration: Duration.days(30) },
        { prefix: 'errors/', expiration: Duration.days(90) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });

    // Firehose reads the stream and writes under changes/ and errors/, nothing else (its own role:
    // the L2's S3 destination would grant read-write-delete on the whole bucket).
    const role = new Role(this, 'DeliveryRole', {
      assumedBy: new ServicePrincipal('firehose.amazonaws.com', { conditions: { StringEquals: { 'sts:ExternalId': account } } }),
    });
    this.changes.grantRead(role);
    const logGroup = new LogGroup(this, 'DeliveryLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    const logStream = logGroup.addStream('S3Delivery');
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [this.bucket.bucketArn],
    }));
    const written = [`${this.bucket.bucketArn}/${CHANGES_PREFIX}*`, `${this.bucket.bucketArn}/errors/*`];
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'], resources: written }));
    for (const resource of written) {
      acknowledgeWildcardResource(role, resource, 'Firehose names the objects it writes (date folders, its own object names): '
        + 'the grant is limited to the two prefixes it writes under (changes/, errors/), with put, get and abort only.');
    }
    this.deliveryStream = new CfnDeliveryStream(this, 'ChangesToS3', {
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: { kinesisStreamArn: this.changes.streamArn, roleArn: role.roleArn },
      extendedS3DestinationConfiguration: {
        bucketArn: this.bucket.bucketArn,
        roleArn: role.roleArn,
        prefix: `${CHANGES_PREFIX}year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/`,
        errorOutputPrefix: 'errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/',
        compressionFormat: 'GZIP',
        bufferingHints: { intervalInSeconds: 300, sizeInMBs: 64 },
        // One JSON object per line, which is what Athena's JSON SerDe reads (Firehose joins records as they come).
        processingConfiguration: { enabled: true, processors: [{ type: 'AppendDelimiterToRecord', parameters: [{ parameterName: 'Delimiter', parameterValue: '\\n' }] }] },
        cloudWatchLoggingOptions: { enabled: true, logGroupName: logGroup.logGroupName, logStreamName: logStream.logStreamName },
      },
    });
    // The role's policy must exist before Firehose checks it can read the stream.
    this.deliveryStream.node.addDependency(role);
    Validations.of(this.deliveryStream).acknowledge({
      id: 'AwsSolutions-KDF1',
      reason: 'Its source is a Kinesis data stream, which is itself encrypted (KMS); Firehose refuses server-side encryption '
        + 'settings on a delivery stream with a Kinesis source. The bucket it writes to encrypts every object (SSE-S3).',
    });

    const database = new CfnDatabase(this, 'Database', {
      catalogId: account,
      databaseInput: { name: ANALYTICS_DATABASE, description: 'Complaint desk: the complaint table\'s changes (Kinesis → Firehose → S3)' },
    });
    const image = `struct<${COMPLAINT_STRINGS.map((c) => `${c}:struct<s:string>`).join(',')},round:struct<n:string>>`;
    const location = `s3://${this.bucket.bucketName}/${CHANGES_PREFIX}`;
    const changesTable = new CfnTable(this, 'ChangesTable', {
      catalogId: account,
      databaseName: ANALYTICS_DATABASE,
      tableInput: {
        name: CHANGES_TABLE,
        description: 'Every change of every item of the complaint table (DynamoDB JSON), one row per change, by day',
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: 'year', type: 'string' }, { name: 'month', type: 'string' }, { name: 'day', type: 'string' }],
        parameters: {
          classification: 'json',
          // Partition projection: Athena computes the day folders; no crawler, no partition upkeep.
          'projection.enabled': 'true',
          'projection.year.type': 'integer', 'projection.year.range': '2024,2100',
          'projection.month.type': 'integer', 'projection.month.range': '1,12', 'projection.month.digits': '2',
          'projection.day.type': 'integer', 'projection.day.range': '1,31', 'projection.day.digits': '2',
          'storage.location.template': `${location}year=\${year}/month=\${month}/day=\${day}/`,
        },
        storageDescriptor: {
          location,
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: { 'ignore.malformed.json': 'true' } },
          columns: [
            { name: 'eventname', type: 'string', comment: 'INSERT, MODIFY or REMOVE' },
            { name: 'eventid', type: 'string' },
            {
              name: 'dynamodb',
              type: `struct<approximatecreationdatetime:bigint,keys:struct<pk:struct<s:string>,sk:struct<s:string>>,newimage:${image},sizebytes:bigint>`,
              comment: 'The change: when (epoch milliseconds), the item keys, the item after it (complaint attributes named; others ignored)',
            },
          ],
        },
      },
    });
    changesTable.node.addDependency(database);

    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: 'complaint-desk-analytics',
      description: 'Ad-hoc questions over the complaint history (Glue database complaint_desk)',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        // A runaway query stops at 10 GiB scanned (≈ $0.05).
        bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        resultConfiguration: {
          outputLocation: `s3://${this.bucket.bucketName}/${ATHENA_RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
    this.workGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}
