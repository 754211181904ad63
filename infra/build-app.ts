import { App, Tags } from 'aws-cdk-lib';
import { ComplaintDataStack } from './data-stack.ts';
import { ComplaintServiceStack } from './service-stack.ts';
import { parseCompanyPolicy } from '../shared/domain/company-policy.ts';
import { parseIdentitySettings } from './staff-identity.ts';

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
  const data = new ComplaintDataStack(app, 'ComplaintData', { env, description: 'Complaint desk: data and users (retained)', identity });
  const service = new ComplaintServiceStack(app, 'ComplaintService', {
    env,
    description: 'Complaint desk: functions, API and lifecycle state machine',
    table: data.table,
    phoneWebhookSecret: data.phoneWebhookSecret,
    attachments: data.attachments,
    identity: data.identity,
    consoleOrigins: identity.consoleOrigins,
    senderEmail,
    companyPolicy,
  });
  Tags.of(app).add('app', 'complaint-desk');
  return { app, data, service };
}
