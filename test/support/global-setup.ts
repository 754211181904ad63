import type { TestProject } from 'vitest/node';
import { synthesizeTemplates } from '../../infra/local/synth.ts';
import { checkJava, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { startCognitoLocal } from '../../infra/local/identity.ts';

/**
 * Once per test run: synthesize the CDK app (every test uses that template and its ASL) and
 * start one DynamoDB Local in memory and one local identity provider. Each test file gets its own
 * database (DynamoDB Local keeps one per access key), with the table created from the template,
 * and its own user pool, created from the template too.
 */
export default async function setup(project: TestProject) {
  const javaProblem = checkJava();
  if (javaProblem) throw new Error(javaProblem);
  const templates = synthesizeTemplates();
  const [dynamodb, identity] = await Promise.all([startDynamoDbLocal({}), startCognitoLocal({})]);
  project.provide('templates', JSON.stringify(templates));
  project.provide('dynamoDbEndpoint', dynamodb.endpoint);
  project.provide('identityEndpoint', identity.endpoint);
  return async () => {
    dynamodb.process.kill('SIGTERM');
    identity.process?.kill('SIGTERM');
    identity.cleanup();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    templates: string;
    dynamoDbEndpoint: string;
    identityEndpoint: string;
  }
}
