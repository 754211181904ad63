import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { addSecurityChecks, buildApp, type SecurityFinding } from '../../infra/build-app.ts';
import { ENTRY_METADATA } from '../../infra/complaint-function.ts';
import { repoRoot } from '../../infra/local/synth.ts';
import { routes } from '../../infra/routes.ts';

type Resource = { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any> };
type Statement = { Effect: 'Allow' | 'Deny'; Action: string | string[]; Resource: unknown; Condition?: unknown };

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Synthesize the app as `cdk synth` does (cdk.json context, cdk-nag packs), without bundling. */
function synthesizeWithChecks(change?: (built: ReturnType<typeof buildApp>) => void) {
  const cdkJson = JSON.parse(readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const outdir = mkdtempSync(path.join(tmpdir(), 'complaint-nag-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true } });
  const built = buildApp(app);
  change?.(built);
  const checks = addSecurityChecks(app);
  let failure: Error | undefined;
  let templates: Record<string, { Resources: Record<string, Resource> }> = {};
  try {
    const assembly = app.synth();
    templates = Object.fromEntries(assembly.stacks.map((s) => [s.stackName, s.template]));
  } catch (error) {
    failure = error as Error;
  }
  return { checks, failure, templates, context: cdkJson.context ?? {} };
}

const list = (findings: SecurityFinding[]) => findings.map((f) => `${f.severity} ${f.rule} at ${f.path}: ${f.description}`).join('\n');

const { checks, failure, templates, context } = synthesizeWithChecks();
const service = templates.ComplaintService?.Resources ?? {};
const data = templates.ComplaintData?.Resources ?? {};
const ofType = (resources: Record<string, Resource>, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const actionsOf = (s: Statement) => [s.Action].flat();
const resourcesOf = (s: Statement) => [s.Resource].flat();

/** Every function of the system (by construct id) with all statements of its role's policies. */
const functionPolicies = new Map(ofType(service, 'AWS::Lambda::Function')
  .filter(([, fn]) => fn.Metadata?.[ENTRY_METADATA])
  .map(([, fn]) => {
    const roleId = fn.Properties!.Role['Fn::GetAtt'][0] as string;
    const statements = ofType(service, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties!.Roles.some((r: any) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as Statement[]);
    const name = String(fn.Metadata!['aws:cdk:path']).split('/').at(-2)!;
    return [name, { role: service[roleId]!, statements }] as const;
  }));
const allowed = (name: string) => functionPolicies.get(name)!.statements.filter((s) => s.Effect === 'Allow').flatMap(actionsOf);
const grantedTo = (action: string) => [...functionPolicies].filter(([name]) => allowed(name).includes(action)).map(([name]) => name).sort();
const allStatements = [...ofType(service, 'AWS::IAM::Policy'), ...ofType(data, 'AWS::IAM::Policy')]
  .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as Statement[]);

describe('cdk-nag (AwsSolutions and Serverless packs)', () => {
  it('runs both packs in the synth and finds no unacknowledged error', () => {
    const errors = checks.findings().filter((f) => f.severity === 'error');
    expect(errors, `unacknowledged cdk-nag errors:\n${list(errors)}`).toEqual([]);
    expect(failure, failure?.message).toBeUndefined();
    expect(Object.keys(templates).sort()).toEqual(['ComplaintConsole', 'ComplaintData', 'ComplaintService']);
  });

  it('fails the synth on an unacknowledged error', () => {
    const broken = synthesizeWithChecks(({ data }) => { new Bucket(data, 'UnloggedBucket', { enforceSSL: true }); });
    expect(broken.failure?.message).toMatch(/Validation failed|ValidationFailed|AwsSolutions-S1/);
    expect(broken.checks.findings()).toContainEqual(expect.objectContaining({ rule: 'AwsSolutions-S1', path: 'ComplaintData/UnloggedBucket/Resource', severity: 'error' }));
  });
});

describe('least privilege', () => {
  it('gives every function its own role with no managed policy, writing to its own log group only', () => {
    expect(functionPolicies.size).toBeGreaterThan(20);
    for (const [name, { role, statements }] of functionPolicies) {
      expect(role.Properties!.ManagedPolicyArns ?? [], name).toEqual([]);
      const logs = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
      expect(logs, name).toEqual([expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${name}Logs`)), 'Arn'] } })]);
    }
  });

  it('lets no function Scan; only CloseComplaint and ImportMasterData delete items, the two that create complaints only released numbers', () => {
    for (const s of allStatements) {
      expect(actionsOf(s).filter((a) => /^dynamodb:(Scan|\*)$/.test(a))).toEqual([]);
      expect(actionsOf(s).filter((a) => a.startsWith('dynamodb:') && a.includes('*'))).toEqual([]);
    }
    expect(grantedTo('dynamodb:DeleteItem')).toEqual(['CloseComplaintFn', 'CompleteEmailIntakeFn', 'CreateComplaintFn', 'ImportMasterDataFn']);
    for (const creator of ['CreateComplaintFn', 'CompleteEmailIntakeFn']) {
      const creationDeletes = functionPolicies.get(creator)!.statements.filter((st) => st.Effect === 'Allow' && actionsOf(st).includes('dynamodb:DeleteItem'));
      expect(creationDeletes.map((st) => [actionsOf(st), (st as any).Condition]), creator).toEqual([
        [['dynamodb:DeleteItem'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['COUNTER#COMPLAINT#*'] } }],
      ]);
    }
    expect(allowed('GetComplaintFn').filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Query']);
  });

  it('deletes only refused uploads (evidence, customer templates), writes response documents only where they are rendered, and never touches object versions or retention', () => {
    expect(grantedTo('s3:DeleteObject')).toEqual(['ConfirmAttachmentFn', 'ConfirmResponseTemplateFn']);
    expect(grantedTo('s3:PutObject')).toEqual(['AddAttachmentFn', 'AddResponseTemplateFn', 'PrepareResponseFn', 'ReceiveEmailFn', 'ReviseResponseFn']);
    expect(grantedTo('s3:GetObject')).toEqual([
      'ConfirmAttachmentFn', 'ConfirmResponseTemplateFn', 'GetAttachmentFn', 'GetResponseDocumentsFn', 'InspectActionLinkFn', 'OpenResponseDocumentsFn',
      'PrepareResponseFn', 'ReceiveEmailFn', 'ReviseResponseFn', 'SendResponseFn',
    ]);
    // A template check deletes under customer-templates/ only; nothing deletes response documents.
    const deletes = allStatements.filter((s) => s.Effect === 'Allow' && actionsOf(s).includes('s3:DeleteObject'));
    expect(deletes.flatMap((s) => resourcesOf(s)).map((r) => JSON.stringify(r)).every((r) => !r.includes('responses/'))).toBe(true);
    for (const s of allStatements.filter((st) => st.Effect === 'Allow')) {
      const s3 = actionsOf(s).filter((a) => a.startsWith('s3:'));
      expect(s3.filter((a) => a.includes('*') || /Version|Retention|LegalHold|Acl|Policy|Lifecycle/.test(a))).toEqual([]);
    }
  });

  it('grants "*" only for actions without resource-level permissions, and denies SNS topics wherever SMS is allowed', () => {
    for (const [name, { statements }] of functionPolicies) {
      const onStar = statements.filter((s) => s.Effect === 'Allow' && resourcesOf(s).includes('*')).flatMap(actionsOf);
      // ListStreams (no resource-level permission) only for the stream consumer, which the event source mapping needs.
      const withoutResourceLevel = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'sns:Publish', ...(name === 'ProjectViewsFn' ? ['dynamodb:ListStreams'] : [])];
      expect(onStar.filter((a) => !withoutResourceLevel.includes(a)), name).toEqual([]);
      if (onStar.includes('sns:Publish')) {
        expect(statements, name).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish' }));
        expect(statements, name).toContainEqual(expect.objectContaining({ Action: 'ses:SendEmail', Condition: { StringEquals: { 'ses:FromAddress': context.senderEmail } } }));
      }
    }
  });

  it('scopes task responses to the lifecycle state machine', () => {
    const [machineId] = ofType(service, 'AWS::StepFunctions::StateMachine')[0]!;
    const responders = allStatements.filter((s) => actionsOf(s).includes('states:SendTaskSuccess'));
    // The human-step parker, and each route that resumes an execution.
    expect(responders.length).toBe(1 + routes.filter((r) => r.resumesWorkflow).length);
    for (const s of responders) expect(s.Resource).toEqual({ Ref: machineId });
  });

  it('invokes every function synchronously but the scheduled sweep, the stream consumer and email receiving (which keeps its failures)', () => {
    // SES invokes the receiving function asynchronously: two retries, then the event and its error go to a queue.
    const asyncConfigs = ofType(service, 'AWS::Lambda::EventInvokeConfig').map(([, c]) => c.Properties!);
    expect(asyncConfigs).toHaveLength(1);
    expect(asyncConfigs[0]!.FunctionName.Ref).toMatch(/^ReceiveEmailFn/);
    expect(asyncConfigs[0]).toMatchObject({ MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^EmailIntakeReceiveFailures/), 'Arn'] } } } });
    // The one stream consumer: partial batch failures, filtered records, what it gives up on kept in its own queue.
    const mappings = ofType(service, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties!);
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.FunctionName.Ref).toMatch(/^ProjectViewsFn/);
    expect(mappings[0]!.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mappings[0]!.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0]).toMatch(/^ProjectionFailures/);
    expect(mappings[0]!.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern).dynamodb.Keys.SK.S))
      .toEqual([['COMPLAINT', 'CAPA'], [{ prefix: 'TASK#' }], [{ prefix: 'DELIVERY#' }]]);
    const [, queue] = ofType(service, 'AWS::SQS::Queue').find(([id]) => id.startsWith('ProjectionFailures'))!;
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    const permissions = ofType(service, 'AWS::Lambda::Permission').map(([, p]) => p.Properties!);
    expect([...new Set(permissions.map((p) => p.Principal))].sort()).toEqual(['apigateway.amazonaws.com', 'connect.amazonaws.com', 'events.amazonaws.com', 'ses.amazonaws.com']);
    // SES (this account's receipt rules only) invokes only the receiving function.
    expect(permissions.filter((p) => p.Principal === 'ses.amazonaws.com').map((p) => [p.FunctionName['Fn::GetAtt'][0], p.SourceAccount]))
      .toEqual([[expect.stringMatching(/^ReceiveEmailFn/), { Ref: 'AWS::AccountId' }]]);
    // EventBridge invokes only the sweep, which redoes all outstanding work on every run.
    expect(permissions.filter((p) => p.Principal === 'events.amazonaws.com').map((p) => p.FunctionName['Fn::GetAtt'][0])).toEqual([expect.stringMatching(/^ReleaseLostNumbersFn/)]);
  });
});

describe('logging and throttling', () => {
  it('logs every request of the HTTP API as JSON and throttles its routes by default', () => {
    const stages = ofType(service, 'AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const stage = stages[0]![1].Properties!;
    expect(stage.StageName).toBe('$default');
    expect(stage.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ApiAccessLogs/), 'Arn'] });
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
    const throttle = context.apiThrottle as { rateLimit: number; burstLimit: number };
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit });
  });

  it('logs every state machine event, without execution data, and traces it', () => {
    const [, machine] = ofType(service, 'AWS::StepFunctions::StateMachine')[0]!;
    expect(machine.Properties!.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(machine.Properties!.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('keeps server access logs of the evidence bucket', () => {
    const buckets = ofType(data, 'AWS::S3::Bucket');
    const [attachmentsId, attachments] = buckets.find(([id]) => id.startsWith('AttachmentsBucket'))!;
    expect(attachmentsId).toBeTruthy();
    const [logsId] = buckets.find(([id]) => id.startsWith('AccessLogsBucket'))!;
    expect(attachments.Properties!.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'attachments/' });
  });
});

describe('the projection consumer', () => {
  it('reads and writes only complaint partitions and report counters, and queries no index', () => {
    const statements = functionPolicies.get('ProjectViewsFn')!.statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:') && a !== 'dynamodb:ListStreams'));
    const onItems = statements.filter((s) => actionsOf(s).includes('dynamodb:PutItem'));
    expect(onItems).toHaveLength(1);
    expect(onItems[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['COMPLAINT#*', 'REPORT#*'] } });
    expect(JSON.stringify(statements.map((s) => s.Resource))).not.toContain('/index/');
  });
});
