import { describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app.ts';
import { INBOUND_PREFIX } from '../../infra/email-intake.ts';

/**
 * Complaints by email in AWS (issue 11): the SES receipt rule, the inbound bucket and the
 * receiving function, synthesized with the settings a company would put in cdk.json.
 */
type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;
const recipients = ['complaints@desk.example', 'desk.example'];
function synth(emailIntake: unknown = { recipients, rawRetentionDays: 90 }) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], senderEmail: 'complaints@desk.example', emailIntake } });
  const { data, service } = buildApp(app);
  return {
    data: Template.fromStack(data).toJSON().Resources as Resources,
    service: Template.fromStack(service).toJSON().Resources as Resources,
  };
}
const { data, service } = synth();
const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const inboundBucketId = Object.keys(data).find((id) => id.startsWith('InboundMailBucket') && data[id]!.Type === 'AWS::S3::Bucket')!;
const attachmentsBucketId = Object.keys(data).find((id) => id.startsWith('AttachmentsBucket') && data[id]!.Type === 'AWS::S3::Bucket')!;
/** A value of the data stack as the service stack imports it (CDK's export names carry the logical id). */
const imported = (value: unknown, logicalId: string) => JSON.stringify(value).includes(logicalId);

describe('SES email receiving', () => {
  it('has one receipt rule for the configured addresses: spam and virus scan, TLS required, store in S3 then invoke the function', () => {
    const rules = ofType(service, 'AWS::SES::ReceiptRule');
    expect(rules).toHaveLength(1);
    const rule = rules[0]![1].Properties.Rule;
    expect(rule).toMatchObject({ Enabled: true, Recipients: recipients, ScanEnabled: true, TlsPolicy: 'Require' });
    const [store, invoke] = rule.Actions;
    expect(store.S3Action.ObjectKeyPrefix).toBe(INBOUND_PREFIX);
    expect(imported(store.S3Action.BucketName, 'InboundMailBucket')).toBe(true);
    expect(invoke.LambdaAction).toMatchObject({ InvocationType: 'Event', FunctionArn: { 'Fn::GetAtt': [expect.stringMatching(/^ReceiveEmailFn/), 'Arn'] } });
    // A rule set of its own (activated by hand, README), unless cdk.json names the account's active one.
    expect(ofType(service, 'AWS::SES::ReceiptRuleSet')).toHaveLength(1);
  });

  it('adds the rule to an existing rule set when one is named', () => {
    const { service: other } = synth({ recipients, ruleSetName: 'company-inbound' });
    expect(ofType(other, 'AWS::SES::ReceiptRuleSet')).toHaveLength(0);
    expect(ofType(other, 'AWS::SES::ReceiptRule')[0]![1].Properties.RuleSetName).toBe('company-inbound');
  });

  it('refuses settings that would not work, at synth', () => {
    expect(() => synth({ recipients: [] })).toThrow(/emailIntake settings: recipients/);
    expect(() => synth({ recipients, rawRetentionDays: 0 })).toThrow(/rawRetentionDays/);
    expect(() => synth({ recipients, dropSpam: true })).toThrow(/emailIntake settings/);
  });

  it('keeps raw messages in a private, encrypted, TLS-only, retained bucket that expires them, writable by SES of this account only', () => {
    const bucket = data[inboundBucketId]!;
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { LogFilePrefix: 'inbound-mail/' },
    });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ ExpirationInDays: 90, Status: 'Enabled' }));
    const [, policy] = ofType(data, 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === inboundBucketId)!;
    const statements = policy.Properties.PolicyDocument.Statement as any[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const sesWrites = statements.filter((s) => s.Principal?.Service === 'ses.amazonaws.com');
    expect(sesWrites).toEqual([expect.objectContaining({
      Effect: 'Allow', Action: 's3:PutObject', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    })]);
    expect(JSON.stringify(sesWrites[0].Resource)).toContain(`/${INBOUND_PREFIX}*`);
  });

  it('lets the receiving function read raw messages, write evidence under email/, and send only from the sender address', () => {
    const [fnId, fn] = ofType(service, 'AWS::Lambda::Function').find(([id]) => id.startsWith('ReceiveEmailFn'))!;
    expect(fn.Properties.MemorySize).toBe(1024);
    expect(fn.Properties.Environment.Variables).toMatchObject({ INBOUND_MAIL_PREFIX: INBOUND_PREFIX, SENDER_EMAIL: 'complaints@desk.example' });
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const statements = ofType(service, 'AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
    const s3 = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('s3:')));
    expect(s3.map((s) => s.Action)).toEqual(['s3:GetObject', 's3:PutObject']);
    const [read, write] = s3;
    expect(imported(read.Resource, 'InboundMailBucket') && JSON.stringify(read.Resource).includes(`/${INBOUND_PREFIX}*`)).toBe(true);
    expect(imported(write.Resource, attachmentsBucketId.replace(/[0-9A-F]{8}$/, '')) && JSON.stringify(write.Resource).includes('/email/*')).toBe(true);
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'ses:SendEmail', Condition: { StringEquals: { 'ses:FromAddress': 'complaints@desk.example' } } }));
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a: string) => /Delete|Scan/.test(a))).toEqual([]);
    expect(fnId).toMatch(/^ReceiveEmailFn/);
  });

  it('lets the attachment download route read evidence that came by email', () => {
    const [, fn] = ofType(service, 'AWS::Lambda::Function').find(([id]) => id.startsWith('GetAttachmentFn'))!;
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const reads = ofType(service, 'AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]).filter((s) => s.Action === 's3:GetObject');
    expect(reads.map((s) => JSON.stringify(s.Resource).match(/\/(complaints|email)\/\*/)?.[1])).toEqual(['complaints', 'email']);
  });
});
