import type { TestProject } from 'vitest/node';
import { synthesizeTemplates } from '../../infra/local/synth.ts';
import { checkJava, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';

/**
 * Once per test run: synthesize the CDK app (every test uses that template and its ASL) and
 * start one DynamoDB Local in memory. Each test file gets its own database in it (DynamoDB
 * Local keeps one per access key), with the table created from the template.
 */
export default async function setup(project: TestProject) {
  const javaProblem = checkJava();
  if (javaProblem) throw new Error(javaProblem);
  const templates = synthesizeTemplates();
  const dynamodb = await startDynamoDbLocal({});
  project.provide('templates', JSON.stringify(templates));
  project.provide('dynamoDbEndpoint', dynamodb.endpoint);
  return async () => {
    dynamodb.process.kill('SIGTERM');
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    templates: string;
    dynamoDbEndpoint: string;
  }
}
