import { describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app.ts';
import { ANALYTICS_DATABASE, ATHENA_RESULTS_PREFIX, CHANGES_PREFIX, CHANGES_TABLE } from '../../infra/analytics-export.ts';

/**
 * Analytics beyond the reports (issue 10, item 3): infrastructure only, synthesized and checked
 * here, not run locally. The table's changes → Kinesis → Firehose → S3 (JSON by day) → a Glue
 * table with partition projection → an Athena workgroup with encrypted, bounded queries.
 */
const app = new App({ context: { 'aws:cdk:bundling-stacks': [], senderEmail: 'complaints@example.com' } });
const { data } = buildApp(app);
const template = Template.fromStack(data);
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;
const one = (type: string) => {
  const found = Object.entries(resources).filter(([, r]) => r.Type === type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const bucketId = Object.keys(resources).find((id) => id.startsWith('AnalyticsAnalyticsBucket') && resources[id]!.Type === 'AWS::S3::Bucket')!;

describe('the analytics export', () => {
  it('streams every change of the complaint table into an encrypted Kinesis stream', () => {
    const [streamId, stream] = one('AWS::Kinesis::Stream');
    expect(stream.Properties).toMatchObject({ StreamModeDetails: { StreamMode: 'ON_DEMAND' }, StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }, RetentionPeriodHours: 24 });
    const [, table] = one('AWS::DynamoDB::Table');
    expect(table.Properties.KinesisStreamSpecification).toEqual({ StreamArn: { 'Fn::GetAtt': [streamId, 'Arn'] }, ApproximateCreationDateTimePrecision: 'MILLISECOND' });
  });

  it('keeps the history in a private, encrypted, retained bucket, by day, with its access logged', () => {
    const bucket = resources[bucketId]!;
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { LogFilePrefix: 'analytics/' },
    });
    const rules = bucket.Properties.LifecycleConfiguration.Rules;
    expect(rules).toContainEqual(expect.objectContaining({ Prefix: ATHENA_RESULTS_PREFIX, ExpirationInDays: 30 }));
    expect(rules).toContainEqual(expect.objectContaining({ Prefix: CHANGES_PREFIX, Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }] }));
    // SSL only (enforceSSL): a bucket policy denies plain HTTP.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('delivers the stream to S3 as one JSON object per line, gzipped, in day folders', () => {
    const [, delivery] = one('AWS::KinesisFirehose::DeliveryStream');
    const [streamId] = one('AWS::Kinesis::Stream');
    expect(delivery.Properties.DeliveryStreamType).toBe('KinesisStreamAsSource');
    expect(delivery.Properties.KinesisStreamSourceConfiguration.KinesisStreamARN).toEqual({ 'Fn::GetAtt': [streamId, 'Arn'] });
    const s3 = delivery.Properties.ExtendedS3DestinationConfiguration;
    expect(s3.BucketARN).toEqual({ 'Fn::GetAtt': [bucketId, 'Arn'] });
    expect(s3.Prefix).toBe(`${CHANGES_PREFIX}year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/`);
    expect(s3.CompressionFormat).toBe('GZIP');
    expect(s3.ProcessingConfiguration).toEqual({ Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord', Parameters: [{ ParameterName: 'Delimiter', ParameterValue: '\\n' }] }] });
    expect(s3.CloudWatchLoggingOptions.Enabled).toBe(true);
  });

  it("lets Firehose read the stream and write only under its two prefixes (no delete, no other object)", () => {
    const [, delivery] = one('AWS::KinesisFirehose::DeliveryStream');
    const roleId = delivery.Properties.ExtendedS3DestinationConfiguration.RoleARN['Fn::GetAtt'][0];
    expect(resources[roleId]!.Properties.AssumeRolePolicyDocument.Statement[0]).toMatchObject({
      Principal: { Service: 'firehose.amazonaws.com' }, Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'AWS::AccountId' } } },
    });
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.startsWith('s3:')).sort()).toEqual(['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject']);
    const objectWrites = statements.find((s) => [s.Action].flat().includes('s3:PutObject'))!;
    expect(JSON.stringify(objectWrites.Resource)).toContain(`/${CHANGES_PREFIX}*`);
    expect(JSON.stringify(objectWrites.Resource)).toContain('/errors/*');
    expect(JSON.stringify(objectWrites.Resource)).not.toMatch(/Arn"\]\},"\/\*"/); // never the whole bucket
    expect(actions.some((a) => a.includes('Delete'))).toBe(false);
  });

  it('describes the changes to Athena as a Glue table with partition projection by day', () => {
    const [, database] = one('AWS::Glue::Database');
    expect(database.Properties.DatabaseInput.Name).toBe(ANALYTICS_DATABASE);
    const [, table] = one('AWS::Glue::Table');
    const input = table.Properties.TableInput;
    expect(table.Properties.DatabaseName).toBe(ANALYTICS_DATABASE);
    expect(input.Name).toBe(CHANGES_TABLE);
    expect(input.PartitionKeys.map((k: { Name: string }) => k.Name)).toEqual(['year', 'month', 'day']);
    expect(input.Parameters).toMatchObject({
      'projection.enabled': 'true', 'projection.month.digits': '2', 'projection.day.range': '1,31',
      'storage.location.template': { 'Fn::Join': ['', ['s3://', { Ref: bucketId }, `/${CHANGES_PREFIX}year=\${year}/month=\${month}/day=\${day}/`]] },
    });
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    const dynamodb = input.StorageDescriptor.Columns.find((c: { Name: string }) => c.Name === 'dynamodb');
    // What the README's example query reads.
    for (const column of ['approximatecreationdatetime:bigint', 'sk:struct<s:string>', 'customercode:struct<s:string>', 'receivedat:struct<s:string>', 'respondedat:struct<s:string>', 'resolutiondueat:struct<s:string>']) {
      expect(dynamodb.Type).toContain(column);
    }
  });

  it('runs ad-hoc queries in a workgroup that encrypts results and stops runaway scans', () => {
    const [, workGroup] = one('AWS::Athena::WorkGroup');
    expect(workGroup.Properties.WorkGroupConfiguration).toEqual({
      EnforceWorkGroupConfiguration: true,
      PublishCloudWatchMetricsEnabled: true,
      BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
      ResultConfiguration: {
        OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: bucketId }, `/${ATHENA_RESULTS_PREFIX}`]] },
        EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
      },
    });
  });
});
