import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import sesModule from 'aws-ses-v2-local';
import { buildLocalModel, LOCAL_ACCOUNT, LOCAL_REGION, type LocalModel } from './cloud-model.ts';
import { checkJava, createTableFromTemplate, freePort, startDynamoDbLocal } from './dynamodb-local.ts';
import { LambdaHost } from './lambda-host.ts';
import { LocalStepFunctions } from './step-functions.ts';
import { LocalStreamMappings } from './streams.ts';
import { serve } from './http-server.ts';
import { secretsManagerApi, snsApi, stepFunctionsApi, type SmsRecord, type SnsFaults } from './aws-endpoints.ts';
import { httpApi } from './http-api.ts';
import { s3Api } from './s3.ts';
import { startSmtpEndpoint } from './smtp.ts';
import { synthesizeTemplates, type CfnTemplate } from './synth.ts';
import { seedSampleData } from './sample-data.ts';
import { provisionIdentity, setLocalPasswords, signIn, startCognitoLocal, type IdentityEndpoint } from './identity.ts';

export interface LocalCloudOptions {
  /** Keep DynamoDB data and executions here; omit for an in-memory cloud (tests). */
  dataDir?: string;
  ports?: Partial<Record<'api' | 'stepFunctions' | 'sns' | 'ses' | 'dynamodb' | 'secretsManager' | 's3' | 'identity' | 'smtp', number>>;
  /** Use an identity provider (cognito-local) that is already running; this cloud makes its own pool in it. */
  identityEndpoint?: string;
  /** Use a DynamoDB Local that is already running (the test setup starts one for all files). */
  dynamoDbEndpoint?: string;
  /** DynamoDB Local keeps one database per access key: tests use this to isolate files. */
  accessKeyId?: string;
  /** Templates synthesized already (the test setup synthesizes once). */
  templates?: Record<string, CfnTemplate>;
  /** Where the console is served, when not at cdk.json's first console origin (signed links open it). */
  consoleOrigin?: string;
  seed?: boolean;
  retryIntervalMs?: number;
  taskHook?: ConstructorParameters<typeof LocalStepFunctions>[0]['taskHook'];
  onSms?: (sms: SmsRecord) => void;
}

export interface LocalCloud {
  model: LocalModel;
  endpoints: { api: string; stepFunctions: string; sns: string; ses: string; dynamodb: string; secretsManager: string; s3: string; identity: string; smtp: string };
  /** The staff user pool and the console's client in the local identity provider. */
  identity: { userPoolId: string; clientId: string };
  /** An ID token for the person (a sample person, or one given the local password), as the console gets it. */
  signIn(personId: string): Promise<string>;
  stepFunctions: LocalStepFunctions;
  smsOutbox: SmsRecord[];
  /** Faults to inject into the local services (tests: throttling). */
  faults: { sns: SnsFaults };
  /** Resolves once every table change made so far has reached its stream consumers (the queues' projections). */
  streamsSettled(): Promise<void>;
  /** Resolves once every email received so far over SMTP has been handled by its function. */
  mailSettled(): Promise<void>;
  /** Invoke a function by the construct id it has in infra/ (e.g. ConnectCustomerLookupFn). */
  invoke(constructId: string, event: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * The whole system on one machine, built from what CDK synthesizes: DynamoDB Local with the
 * template's table, the SES emulator, Step Functions running the template's ASL, an SNS SMS
 * outbox, and the template's HTTP API routes. Handlers run unchanged; only the SDK endpoints
 * (AWS_ENDPOINT_URL_<SERVICE>) point here.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const javaProblem = options.dynamoDbEndpoint ? undefined : checkJava();
  if (javaProblem) throw new Error(javaProblem);

  const templates = options.templates ?? synthesizeTemplates({ consoleOrigin: options.consoleOrigin });
  const servers: Server[] = [];
  const children: ChildProcess[] = [];
  let identityProvider: IdentityEndpoint | undefined;
  // Never leave a JVM (or the identity provider) behind, however this process ends.
  const killChildren = () => { for (const child of children) child.kill('SIGTERM'); identityProvider?.cleanup(); };
  process.once('exit', killChildren);
  const timers: NodeJS.Timeout[] = [];
  let stopStreams = async () => {};
  let stopSmtp = async () => {};
  const stopAll = async () => {
    for (const timer of timers) clearInterval(timer);
    await stopSmtp();
    await stopStreams();
    await Promise.all(servers.map((s) => new Promise((r) => { s.closeAllConnections?.(); s.close(r); })));
    killChildren();
    process.off('exit', killChildren);
  };

  try {
    if (!options.identityEndpoint) {
      identityProvider = await startCognitoLocal({ port: options.ports?.identity, dataDir: options.dataDir && path.join(options.dataDir, 'cognito') });
      children.push(identityProvider.process!);
    }
    const identityEndpoint = options.identityEndpoint ?? identityProvider!.endpoint;
    const chosenIds = await provisionIdentity(identityEndpoint, templates, options.dataDir && path.join(options.dataDir, 'identity-ids.json'));
    const model = buildLocalModel(templates, chosenIds);
    if (!model.identity) throw new Error('local cloud: the template has no staff user pool and client');
    const identity = model.identity;

    const dynamodb = options.dynamoDbEndpoint
      ?? await startDynamoDbLocal({ port: options.ports?.dynamodb, dataDir: options.dataDir && path.join(options.dataDir, 'dynamodb') })
        .then(({ endpoint, process }) => { children.push(process); return endpoint; });

    // CommonJS default export, seen through ESM interop.
    const sesEmulator = ((sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule) as unknown as (c: { host: string; port: number }) => Promise<Server>;
    const sesPort = options.ports?.ses || await freePort();
    const ses = await sesEmulator({ host: '127.0.0.1', port: sesPort });
    servers.push(ses);
    // The emulator hands its server back even when it could not bind (a port just released, or taken).
    const sesAddress = ses.address();
    if (!sesAddress || typeof sesAddress === 'string') throw new Error(`local cloud: listen EADDRINUSE: the SES emulator could not take 127.0.0.1:${sesPort}`);
    const sesUrl = `http://127.0.0.1:${sesAddress.port}`;

    const smsOutbox: SmsRecord[] = [];
    const snsHandler = snsApi(smsOutbox, options.onSms);
    const sns = await serve(options.ports?.sns ?? 0, snsHandler);
    servers.push(sns.server);

    const secretsManager = await serve(options.ports?.secretsManager ?? 0, secretsManagerApi(model.secrets));
    servers.push(secretsManager.server);

    const s3 = await serve(options.ports?.s3 ?? 0, s3Api(model.buckets, options.dataDir && path.join(options.dataDir, 's3'), model.bucketCors));
    servers.push(s3.server);

    const host = new LambdaHost(model);
    let stepFunctions: LocalStepFunctions | undefined;
    const sfnServer = await serve(options.ports?.stepFunctions ?? 0, (req, body) => stepFunctionsApi(stepFunctions!)(req, body));
    servers.push(sfnServer.server);

    // The functions' environment: what the template gives them, plus the local endpoints.
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: options.accessKeyId ?? 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb,
      AWS_ENDPOINT_URL_SESV2: sesUrl,
      AWS_ENDPOINT_URL_SNS: sns.url,
      AWS_ENDPOINT_URL_SFN: sfnServer.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: identityEndpoint,
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      ...host.mergedEnvironment(),
    });
    const table = await createTableFromTemplate(dynamodb!, model.table.name, model.table.properties, options.accessKeyId);
    if (table.upgraded) {
      // Data kept from a version without the queues' projections: project it once, as on AWS.
      const { backfillProjections } = await import('../admin/backfill-projections.ts');
      const { complaints } = await backfillProjections();
      console.log(`local cloud: projected ${complaints} complaints kept from an earlier version into the work queues`);
    }
    const streamMappings = new LocalStreamMappings({
      endpoint: dynamodb!, accessKeyId: options.accessKeyId ?? 'local', tableName: model.table.name,
      consumer: model.streamConsumers[0], host,
      checkpointFile: options.dataDir && path.join(options.dataDir, 'stream-checkpoints.json'),
      retryIntervalMs: options.retryIntervalMs === 0 ? 50 : undefined,
    });
    streamMappings.start();
    stopStreams = () => streamMappings.stop();

    stepFunctions = new LocalStepFunctions({
      stateMachineArn: model.stateMachine.arn,
      definition: model.stateMachine.definition,
      host,
      storeFile: options.dataDir && path.join(options.dataDir, 'executions.json'),
      retryIntervalMs: options.retryIntervalMs,
      taskHook: options.taskHook,
    });
    if (options.seed) {
      const people = await seedSampleData(identity.userPoolId);
      await setLocalPasswords(identityEndpoint, identity.userPoolId, people);
    }
    // Where tools in other processes (demo, import CLI, bench) find the provider and the client.
    if (options.dataDir) writeFileSync(path.join(options.dataDir, 'identity.json'), JSON.stringify({ endpoint: identityEndpoint, ...identity }, null, 2));
    stepFunctions.resumeInterrupted();
    // EventBridge schedules of the template (rate expressions), each invoking its function.
    for (const schedule of model.schedules) {
      const timer = setInterval(() => {
        const event = {
          version: '0', id: randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.events', account: LOCAL_ACCOUNT,
          time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), region: LOCAL_REGION, resources: [schedule.rule], detail: {},
        };
        host.invoke(schedule.functionArn, event).catch((error: Error) => console.error(`local cloud: scheduled ${schedule.rule} failed:`, error));
      }, schedule.everyMs);
      timer.unref();
      timers.push(timer);
    }
    // SES receiving: the template's receipt rule, behind a real SMTP endpoint on loopback.
    if (model.mailReceipts.length !== 1) throw new Error(`local cloud: ${model.mailReceipts.length} receipt rules; infra/local/smtp.ts serves one`);
    const smtp = await startSmtpEndpoint({ port: options.ports?.smtp, receipts: model.mailReceipts, host, s3Endpoint: s3.url });
    stopSmtp = () => smtp.close();
    // The API opens last: a call must never find the system half-started (sample data missing).
    const api = await serve(options.ports?.api ?? 0, httpApi(model, host, { identityEndpoint, allowOrigins: model.allowOrigins }));
    servers.push(api.server);

    const sfn = stepFunctions;
    return {
      model,
      endpoints: { api: api.url, stepFunctions: sfnServer.url, sns: sns.url, ses: sesUrl, dynamodb: dynamodb!, secretsManager: secretsManager.url, s3: s3.url, identity: identityEndpoint, smtp: smtp.url },
      identity,
      signIn: (personId) => signIn({ endpoint: identityEndpoint, clientId: identity.clientId }, personId),
      stepFunctions: sfn,
      smsOutbox,
      faults: { sns: snsHandler.faults },
      invoke: (constructId, event) => host.invoke(model.functionByConstructId(constructId), event),
      streamsSettled: () => streamMappings.settled(),
      mailSettled: () => smtp.settled(),
      async stop() {
        await sfn.stop();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
