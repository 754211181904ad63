import { App } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../build-app.ts';

export type CfnTemplate = {
  Resources: Record<string, { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any> }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Synthesize the CDK app in-process, with the context from cdk.json, exactly as `cdk synth`
 * would — except that function code is not bundled (the local cloud runs the handlers from
 * source). Returns every stack's CloudFormation template by stack name.
 */
export function synthesizeTemplates(options: { consoleOrigin?: string } = {}): Record<string, CfnTemplate> {
  const cdkJson = JSON.parse(readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  // The console served on another port than cdk.json's first origin: signed links must open it.
  const identity = cdkJson.context?.identity as Record<string, unknown> | undefined;
  const origins = options.consoleOrigin ? { identity: { ...identity, consoleOrigins: [options.consoleOrigin, ...((identity?.consoleOrigins as string[] | undefined) ?? []).filter((o) => o !== options.consoleOrigin)] } } : {};
  const app = new App({
    outdir: path.join(repoRoot, '.local', 'cdk.out'),
    // As the CLI does: resources carry their construct path (aws:cdk:path metadata).
    context: { ...cdkJson.context, ...origins, 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true },
  });
  buildApp(app);
  const assembly = app.synth();
  return Object.fromEntries(assembly.stacks.map((stack) => [stack.stackName, stack.template as CfnTemplate]));
}

export { repoRoot };
