import path from 'node:path';
import { startLocalCloud } from './cloud.ts';
import { checkJava } from './dynamodb-local.ts';
import { repoRoot } from './synth.ts';
import { localSecretValue } from './aws-endpoints.ts';
import { LOCAL_PASSWORD } from './identity.ts';
import { buildConsole, serveConsole } from './console.ts';

/** `npm start`: the whole system on this machine, data kept in .local/ across restarts. */
const javaProblem = checkJava();
if (javaProblem) {
  console.error(`${javaProblem} Install a JDK/JRE 17+ (e.g. apt-get install openjdk-17-jre-headless) and run npm start again.`);
  process.exit(1);
}

const port = (name: string, fallback: number) => Number(process.env[`LOCAL_${name}_PORT`] ?? fallback);
const dataDir = path.resolve(process.env.LOCAL_DATA_DIR ?? path.join(repoRoot, '.local'));
console.log('Starting the local cloud (synthesizing the CDK app)…');
const cloud = await startLocalCloud({
  dataDir,
  seed: true,
  consoleOrigin: `http://localhost:${port('CONSOLE', 5173)}`,
  ports: { api: port('API', 3000), stepFunctions: port('SFN', 8083), sns: port('SNS', 8084), ses: port('SES', 8005), dynamodb: port('DYNAMODB', 8000), secretsManager: port('SECRETS', 8085), s3: port('S3', 8086), identity: port('IDENTITY', 9229), smtp: port('SMTP', 2525) },
  onSms: (sms) => console.log(`[sms] to ${sms.phoneNumber}: ${sms.message}`),
}).catch((error: Error) => {
  // One line that says what to do, not a stack trace (a port in use, a broken data directory …).
  console.error(`The local cloud could not start: ${error.message}`);
  process.exit(1);
});
// The web console, built from web/ and served with the local API and identity provider.
const consoleServer = await buildConsole(path.join(dataDir, 'console'))
  .then((distDir) => serveConsole({ distDir, apiUrl: cloud.endpoints.api, identity: { endpoint: cloud.endpoints.identity, clientId: cloud.identity.clientId }, policy: cloud.model.companyPolicy, s3Url: cloud.endpoints.s3, port: port('CONSOLE', 5173) }))
  .catch(async (error: Error) => {
    console.error(`The console could not start: ${error.message}`);
    await cloud.stop();
    process.exit(1);
  });
const replayed = cloud.stepFunctions.listExecutions().filter((e) => e.status === 'RUNNING').length;
const e = cloud.endpoints;
console.log(`
Complaint desk — local cloud is up (data in ${path.relative(process.cwd(), dataDir) || '.'}/)
  Console          ${consoleServer.url}   (sign in as quality.liu, agent.wang, sales.li … with the password below)
  HTTP API         ${e.api}        (${cloud.model.routes.length} routes from the synthesized template)
  Step Functions   ${e.stepFunctions}   (state machine ${cloud.model.stateMachine.arn})
  SNS (SMS outbox) ${e.sns}/outbox
  SES inbox        ${e.ses}          (web inbox; JSON at ${e.ses}/store)
  SES receiving    ${e.smtp}   (SMTP; mail to ${cloud.model.mailReceipts.flatMap((r) => r.recipients).join(', ')} becomes an email intake item)
  DynamoDB Local   ${e.dynamodb}   (table ${cloud.model.table.name})
  S3 (attachments) ${e.s3}   (bucket ${cloud.model.buckets.join(', ')}; files in ${path.join(path.relative(process.cwd(), dataDir) || '.', 's3')}/)
  Secrets Manager  ${e.secretsManager}   (phone webhook secret: $PHONE_WEBHOOK_SECRET or ${localSecretValue('PHONE_WEBHOOK_SECRET')})
  Identity (Cognito API, cognito-local) ${e.identity}   (user pool ${cloud.identity.userPoolId}, console client ${cloud.identity.clientId})
    Sign in as any sample person (agent.wang, quality.liu, sales.li, admin.ma …) with the password ${LOCAL_PASSWORD}
${cloud.model.schedules.map((s) => `  Schedule ${s.rule}: every ${s.everyMs / 60_000} min → ${s.functionArn.split(':').pop()}\n`).join('')}${replayed ? `  Resumed ${replayed} execution(s) that were waiting when the cloud last stopped.\n` : ''}
Routes:
${cloud.model.routes.map((r) => `  ${r.method.padEnd(5)} ${r.path}`).join('\n')}

Try: npm run demo     Stop: Ctrl-C`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the local cloud…');
  await consoleServer.close();
  await cloud.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
