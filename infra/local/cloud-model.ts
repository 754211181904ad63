import type { CfnTemplate } from './synth.ts';
import { ENTRY_METADATA } from '../complaint-function.ts';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

/** What the local cloud needs to know about the system, all read from the synthesized templates. */
export interface LocalModel {
  table: { name: string; properties: Record<string, any> };
  functions: Map<string, { logicalId: string; arn: string; entry: string; path: string; environment: Record<string, string> }>;
  /** The function whose CDK path ends with `/<constructId>/Resource`. */
  functionByConstructId(constructId: string): string;
  stateMachine: { arn: string; definition: Record<string, any> };
  /** Routes; `authorizer` names the JWT authorizer that guards the route, if any. */
  routes: { method: string; path: string; functionLogicalId: string; authorizer?: string }[];
  /** JWT authorizers by logical id: who must have issued the token, and for which clients. */
  authorizers: Map<string, { issuer: string; audience: string[]; identitySource: string[] }>;
  /** Origins the HTTP API answers in browsers (its CORS configuration). */
  allowOrigins: string[];
  /** The staff user pool and the console's client (physical ids), when the template has them. */
  identity?: { userPoolId: string; clientId: string };
  /** Secrets by ARN, with the environment variable that holds the local value. */
  secrets: Map<string, { valueEnv?: string }>;
  buckets: string[];
  /** Buckets' CORS rules (browsers PUT evidence to signed links), by bucket name. */
  bucketCors: Map<string, CorsRule[]>;
  /** The company policy every function is given (env COMPANY_POLICY), parsed: the console's intake form shows its required fields. */
  companyPolicy: Record<string, unknown>;
  /** Functions that read the table's stream (event source mappings), with their batch size and filters. */
  streamConsumers: StreamConsumer[];
  /**
   * SES receipt rules (email intake): the addresses they take, where the S3 action stores the raw
   * message, and the function the Lambda action invokes.
   */
  mailReceipts: MailReceipt[];
  /** Functions that EventBridge rules invoke on a schedule (rate expressions), with the period. */
  schedules: { rule: string; functionArn: string; everyMs: number }[];
}

export interface CorsRule { allowedOrigins: string[]; allowedMethods: string[]; allowedHeaders: string[]; maxAge?: number }

export interface MailReceipt {
  recipients: string[];
  bucket: string;
  prefix: string;
  functionArn: string;
  scanEnabled: boolean;
}

export interface StreamConsumer {
  functionArn: string;
  batchSize: number;
  /** Lambda event-filter patterns (parsed); a record is handed over when it matches any. */
  filters: Record<string, unknown>[];
  /** How often a failing batch is retried before its records are given up on. */
  maxRetryAttempts: number;
}

/**
 * Physical ids that another local service chose (the identity provider's user pool and client
 * ids), by logical id.
 */
export type PhysicalIds = ReadonlyMap<string, string>;

/** The physical id the local cloud gives a resource: its logical id, made into an ARN where needed. */
function physical(logicalId: string, type: string, chosen?: PhysicalIds): { ref: string; arn: string } {
  const id = chosen?.get(logicalId);
  switch (type) {
    case 'AWS::Cognito::UserPool':
      return { ref: id ?? logicalId, arn: `arn:aws:cognito-idp:${LOCAL_REGION}:${LOCAL_ACCOUNT}:userpool/${id ?? logicalId}` };
    case 'AWS::Cognito::UserPoolClient':
    case 'AWS::Cognito::UserPoolGroup':
      return { ref: id ?? logicalId, arn: `arn:aws:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${id ?? logicalId}` };
    case 'AWS::Lambda::Function': {
      const arn = `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;
      return { ref: logicalId, arn };
    }
    case 'AWS::S3::Bucket': {
      const name = logicalId.toLowerCase();
      return { ref: name, arn: `arn:aws:s3:::${name}` };
    }
    case 'AWS::SecretsManager::Secret': {
      const arn = `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT}:secret:${logicalId}`;
      return { ref: arn, arn };
    }
    case 'AWS::StepFunctions::StateMachine': {
      const arn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${logicalId}`;
      return { ref: arn, arn };
    }
    default:
      return { ref: logicalId, arn: `arn:aws:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${logicalId}` };
  }
}

const pseudo: Record<string, string> = {
  'AWS::Partition': 'aws', 'AWS::Region': LOCAL_REGION, 'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com', 'AWS::StackName': 'local', 'AWS::NoValue': '',
};

/** Resolve the CloudFormation intrinsics CDK emits here: Ref, GetAtt, Join, Sub, ImportValue. */
export function createResolver(templates: Record<string, CfnTemplate>, chosen?: PhysicalIds) {
  const owner = new Map<string, CfnTemplate>();
  const exports = new Map<string, { template: CfnTemplate; value: unknown }>();
  for (const template of Object.values(templates)) {
    for (const id of Object.keys(template.Resources)) owner.set(id, template);
    for (const output of Object.values(template.Outputs ?? {})) {
      if (output.Export) exports.set(String(output.Export.Name), { template, value: output.Value });
    }
  }
  const typeOf = (id: string) => {
    const resource = owner.get(id)?.Resources[id];
    if (!resource) throw new Error(`local cloud: no resource ${id} in the synthesized templates`);
    return resource.Type;
  };
  const resolve = (value: unknown): any => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, any>;
    if ('Ref' in obj) return pseudo[obj.Ref] ?? physical(obj.Ref, typeOf(obj.Ref), chosen).ref;
    if ('Fn::GetAtt' in obj) {
      const [id, attr] = obj['Fn::GetAtt'] as [string, string];
      if (attr === 'Arn') return physical(id, typeOf(id), chosen).arn;
      return `${id}.${attr}`;
    }
    if ('Fn::Join' in obj) {
      const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(sep);
    }
    if ('Fn::Sub' in obj) {
      const text = Array.isArray(obj['Fn::Sub']) ? obj['Fn::Sub'][0] : obj['Fn::Sub'];
      return String(text).replace(/\$\{([^}]+)\}/g, (_m, name: string) => resolve({ Ref: name }));
    }
    if ('Fn::ImportValue' in obj) {
      const found = exports.get(String(resolve(obj['Fn::ImportValue'])));
      if (!found) throw new Error(`local cloud: no export ${obj['Fn::ImportValue']}`);
      return resolve(found.value);
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolve(v)]));
  };
  return resolve;
}

export function buildLocalModel(templates: Record<string, CfnTemplate>, chosen?: PhysicalIds): LocalModel {
  const resolve = createResolver(templates, chosen);
  const all = Object.values(templates).flatMap((t) => Object.entries(t.Resources));
  const ofType = (type: string) => all.filter(([, r]) => r.Type === type);

  const tables = ofType('AWS::DynamoDB::Table');
  const machines = ofType('AWS::StepFunctions::StateMachine');
  if (tables.length !== 1 || machines.length !== 1) {
    throw new Error(`local cloud expects one table and one state machine, found ${tables.length} and ${machines.length}`);
  }
  const [tableId, table] = tables[0]!;
  const [machineId, machine] = machines[0]!;

  const functions: LocalModel['functions'] = new Map();
  for (const [id, fn] of ofType('AWS::Lambda::Function')) {
    const entry = fn.Metadata?.[ENTRY_METADATA];
    if (!entry) continue; // CDK's own helper functions (custom resources) do not run locally.
    functions.set(id, {
      logicalId: id,
      arn: physical(id, fn.Type).arn,
      entry,
      path: String(fn.Metadata?.['aws:cdk:path'] ?? ''),
      environment: resolve(fn.Properties?.Environment?.Variables ?? {}),
    });
  }

  const integrations = new Map(ofType('AWS::ApiGatewayV2::Integration').map(([id, r]) => [id, r.Properties!]));
  const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => {
    const [method, routePath] = String(r.Properties!.RouteKey).split(' ') as [string, string];
    const integrationId = String(resolve(r.Properties!.Target)).replace(/^integrations\//, '');
    const uri = integrations.get(integrationId)?.IntegrationUri;
    const functionLogicalId = uri?.['Fn::GetAtt']?.[0];
    if (!functionLogicalId) throw new Error(`local cloud: route ${r.Properties!.RouteKey} has no Lambda integration`);
    const authorizer = r.Properties!.AuthorizationType === 'JWT' ? String(r.Properties!.AuthorizerId?.Ref) : undefined;
    return { method, path: routePath, functionLogicalId, ...(authorizer ? { authorizer } : {}) };
  });
  const authorizers: LocalModel['authorizers'] = new Map(ofType('AWS::ApiGatewayV2::Authorizer').map(([id, r]) => {
    const p = r.Properties!;
    if (p.AuthorizerType !== 'JWT') throw new Error(`local cloud: authorizer ${id} is ${p.AuthorizerType}; only JWT authorizers run locally`);
    return [id, { issuer: String(resolve(p.JwtConfiguration.Issuer)), audience: resolve(p.JwtConfiguration.Audience).map(String), identitySource: p.IdentitySource }];
  }));

  const secrets: LocalModel['secrets'] = new Map(ofType('AWS::SecretsManager::Secret').map(([id, r]) =>
    [physical(id, r.Type).arn, { valueEnv: r.Metadata?.['complaint:local-value-env'] }]));

  const schedules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties?.ScheduleExpression).flatMap(([id, r]) => {
    const everyMs = rateMs(String(r.Properties!.ScheduleExpression));
    if (r.Properties!.State === 'DISABLED') return [];
    return (r.Properties!.Targets ?? []).map((t: { Arn: unknown }) => ({ rule: id, functionArn: String(resolve(t.Arn)), everyMs }));
  });

  const mappings = ofType('AWS::Lambda::EventSourceMapping');
  // The local poller keeps one position per shard, so it serves one consumer (the stack has one).
  if (mappings.length > 1) throw new Error(`local cloud: ${mappings.length} stream consumers; infra/local/streams.ts serves one`);
  const streamConsumers = mappings.map(([id, r]): StreamConsumer => {
    const p = r.Properties!;
    const source = JSON.stringify(p.EventSourceArn);
    if (!source.includes('StreamArn')) throw new Error(`local cloud: event source mapping ${id} does not read the table's stream; only table streams run locally`);
    return {
      functionArn: physical(p.FunctionName.Ref, 'AWS::Lambda::Function').arn,
      batchSize: p.BatchSize ?? 100,
      filters: (p.FilterCriteria?.Filters ?? []).map((f: { Pattern: string }) => JSON.parse(f.Pattern)),
      maxRetryAttempts: p.MaximumRetryAttempts ?? 10,
    };
  });

  const mailReceipts = ofType('AWS::SES::ReceiptRule').map(([id, r]): MailReceipt => {
    const rule = r.Properties!.Rule;
    const store = rule.Actions?.find((a: Record<string, unknown>) => a.S3Action)?.S3Action;
    const invoke = rule.Actions?.find((a: Record<string, unknown>) => a.LambdaAction)?.LambdaAction;
    if (!store || !invoke) throw new Error(`local cloud: receipt rule ${id} must store the message in S3 and then invoke a function`);
    return {
      recipients: (rule.Recipients ?? []).map((a: string) => a.toLowerCase()),
      bucket: String(resolve(store.BucketName)),
      prefix: String(store.ObjectKeyPrefix ?? ''),
      functionArn: String(resolve(invoke.FunctionArn)),
      scanEnabled: Boolean(rule.ScanEnabled),
    };
  });

  const [pool] = ofType('AWS::Cognito::UserPool');
  const [client] = ofType('AWS::Cognito::UserPoolClient');
  const apis = ofType('AWS::ApiGatewayV2::Api');
  return {
    allowOrigins: (apis[0]?.[1].Properties?.CorsConfiguration?.AllowOrigins ?? []).map(String),
    ...(pool && client ? { identity: { userPoolId: resolve({ Ref: pool[0] }), clientId: resolve({ Ref: client[0] }) } } : {}),
    functionByConstructId(constructId) {
      const found = [...functions.values()].find((f) => f.path.endsWith(`/${constructId}/Resource`));
      if (!found) throw new Error(`local cloud: no function ${constructId}`);
      return found.arn;
    },
    secrets,
    schedules,
    streamConsumers,
    mailReceipts,
    buckets: ofType('AWS::S3::Bucket').map(([id, r]) => physical(id, r.Type).ref),
    bucketCors: new Map(ofType('AWS::S3::Bucket').map(([id, r]) => [physical(id, r.Type).ref, ((r.Properties?.CorsConfiguration?.CorsRules ?? []) as any[]).map((rule): CorsRule => ({
      allowedOrigins: rule.AllowedOrigins ?? [], allowedMethods: rule.AllowedMethods ?? [], allowedHeaders: (rule.AllowedHeaders ?? []).map((h: string) => h.toLowerCase()), maxAge: rule.MaxAge,
    }))])),
    companyPolicy: JSON.parse([...functions.values()].find((f) => f.environment.COMPANY_POLICY)?.environment.COMPANY_POLICY ?? '{}'),
    table: { name: resolve({ Ref: tableId }), properties: table.Properties! },
    functions,
    stateMachine: { arn: physical(machineId, machine.Type).arn, definition: JSON.parse(resolve(machine.Properties!.DefinitionString)) },
    routes,
    authorizers,
  };
}

/** The period of an EventBridge `rate(…)` expression; cron schedules do not run locally (yet). */
function rateMs(expression: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!match) throw new Error(`local cloud: only rate(…) schedules run locally, not ${expression}`);
  const unit = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[match[2]!.replace(/s$/, '') as 'minute' | 'hour' | 'day'];
  return Number(match[1]) * unit;
}
