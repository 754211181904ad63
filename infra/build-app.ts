import { App, Tags, Validations, type IPolicyValidationPlugin, type PolicyViolation } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import { z } from 'zod';
import { parseSettings } from '../shared/domain/settings.ts';
import { ComplaintDataStack } from './data-stack.ts';
import { ComplaintServiceStack } from './service-stack.ts';
import { parseCompanyPolicy } from '../shared/domain/company-policy.ts';
import { parseIdentitySettings } from './staff-identity.ts';
import { parseEmailIntake } from './email-intake.ts';
import { ComplaintConsoleStack } from './console-stack.ts';
import { tableKeys } from '../shared/table-keys.ts';

/** Default throttling of the HTTP API's routes (CDK context `apiThrottle`, cdk.json), validated at synth. */
const ApiThrottleSettings = z.object({
  rateLimit: z.number().positive().default(50),
  burstLimit: z.number().int().positive().default(100),
}).strict();

export const parseApiThrottle = (raw: unknown) => parseSettings(ApiThrottleSettings, raw, 'apiThrottle settings');

/**
 * How many of the table's indexes (shared/table-keys.ts, in order) to deploy (CDK context
 * `tableIndexes`, default all). DynamoDB adds one index per table update, so a deployment from
 * before the work queues is upgraded with -c tableIndexes=2, 3, … one deploy each (README).
 */
export function parseTableIndexes(raw: unknown, available: number): number {
  if (raw === undefined) return available;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > available) throw new Error(`tableIndexes must be a whole number from 1 to ${available} (got ${String(raw)})`);
  return n;
}

/**
 * The whole system as a CDK app. `cdk synth/deploy` (infra/app.ts), the infra tests and the
 * local cloud all build it through this one function.
 */
export function buildApp(app: App) {
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const senderEmail = String(app.node.tryGetContext('senderEmail') ?? 'complaints@example.com');
  // Fails the synth, not a cold start, when the company policy in cdk.json is wrong.
  const companyPolicy = parseCompanyPolicy(app.node.tryGetContext('companyPolicy'));
  const identity = parseIdentitySettings(app.node.tryGetContext('identity'));
  const apiThrottle = parseApiThrottle(app.node.tryGetContext('apiThrottle'));
  const emailIntake = parseEmailIntake(app.node.tryGetContext('emailIntake'), senderEmail);
  const tableIndexes = parseTableIndexes(app.node.tryGetContext('tableIndexes'), Object.keys(tableKeys.indexes).length);
  const data = new ComplaintDataStack(app, 'ComplaintData', { env, description: 'Complaint desk: data and users (retained)', identity, senderEmail, tableIndexes,
    rawMailRetentionDays: emailIntake.rawRetentionDays });
  const service = new ComplaintServiceStack(app, 'ComplaintService', {
    env,
    description: 'Complaint desk: functions, API and lifecycle state machine',
    table: data.table,
    phoneWebhookSecret: data.phoneWebhookSecret,
    actionLinkKeys: data.actionLinkKeys,
    attachments: data.attachments,
    inboundMail: data.inboundMail,
    emailIntake,
    identity: data.identity,
    consoleOrigins: identity.consoleOrigins,
    senderEmail,
    companyPolicy,
    apiThrottle,
  });
  const webConsole = new ComplaintConsoleStack(app, 'ComplaintConsole', {
    env,
    description: 'Complaint desk: the web console (S3 + CloudFront, the API under /api)',
    api: service.api,
    consoleClientId: data.identity.consoleClient.userPoolClientId,
    attachments: data.attachments,
    companyPolicy,
  });
  Tags.of(app).add('app', 'complaint-desk');
  return { app, data, service, webConsole };
}

/** One unacknowledged cdk-nag finding: rule (with the finding, e.g. `AwsSolutions-IAM5[Resource::*]`), severity, construct. */
export interface SecurityFinding {
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
  readonly description: string;
}

/**
 * cdk-nag's AwsSolutions and Serverless packs on the whole app (cdk-nag 3: CDK validation
 * plugins, run by `app.synth()` after the templates are written). Every error that is not
 * acknowledged next to its resource (`Validations.of(construct).acknowledge`, with the reason)
 * fails the synth, and so `cdk synth` and `cdk deploy`; warnings are reported and do not.
 * Acknowledge with the plain rule id (`AwsSolutions-S1`, `AwsSolutions-IAM5[Resource::*]`), not
 * the `AwsSolutions::…` form the report suggests: cdk-nag honours the plain id itself, so an
 * acknowledged finding is never a finding at all. Returns the findings of the last synth, for
 * the tests.
 */
export function addSecurityChecks(app: App): { findings(): SecurityFinding[] } {
  const byPack = new Map<string, SecurityFinding[]>();
  const failOnErrorsOnly = (pack: NagPack): IPolicyValidationPlugin => ({
    name: pack.name,
    ...(pack.version ? { version: pack.version } : {}),
    validate(context) {
      const report = pack.validate(context);
      byPack.set(pack.name, report.violations.flatMap((v: PolicyViolation) => v.violatingResources.map((r) => ({
        rule: v.ruleName, severity: v.severity ?? 'error', path: r.constructPath ?? r.resourceLogicalId ?? '?', description: v.description,
      }))));
      // A pack reports failure for warnings too; only errors stop the synth.
      return { ...report, success: !report.violations.some((v) => v.severity === 'error') };
    },
  });
  Validations.of(app).addPlugins(failOnErrorsOnly(new AwsSolutionsChecks(app)), failOnErrorsOnly(new ServerlessChecks(app)));
  return { findings: () => [...byPack.values()].flat() };
}
