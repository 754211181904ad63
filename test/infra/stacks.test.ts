import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app.ts';
import { buildLocalModel } from '../../infra/local/cloud-model.ts';
import { routes } from '../../infra/routes.ts';
import { tableKeys } from '../../shared/table-keys.ts';
import { Role } from '../../shared/domain/model.ts';

const app = new App({ context: { 'aws:cdk:bundling-stacks': [], senderEmail: 'complaints@example.com' } });
const { data, service } = buildApp(app);
const dataTemplate = Template.fromStack(data);
const serviceTemplate = Template.fromStack(service);

describe('data stack', () => {
  it('holds the single table, keyed as shared/table-keys says, with point-in-time recovery, retained', () => {
    dataTemplate.resourceCountIs('AWS::DynamoDB::Table', 1);
    dataTemplate.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: tableKeys.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableKeys.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        // One index per entry of tableKeys.indexes, all projecting the whole item.
        GlobalSecondaryIndexes: Object.values(tableKeys.indexes).map((index) => Match.objectLike({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        // The projection consumer reads the new images (shared/services/projections.ts).
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      }),
    });
  });

  it('keeps stateless resources out of the data stack', () => {
    expect(Object.keys(dataTemplate.findResources('AWS::Lambda::Function'))).toHaveLength(0);
  });
});

describe('service stack', () => {
  it('runs every function on Node.js 24, arm64, with source maps', () => {
    const functions = Object.values(serviceTemplate.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBe(10 + routes.length + 4); // lifecycle steps (with the follow-up's), one per route, Amazon Connect lookup, the number sweep, the projection consumer, email receiving
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
  });

  it('sweeps lost complaint numbers every 5 minutes, longer than any creation lives', () => {
    const rules = Object.values(serviceTemplate.findResources('AWS::Events::Rule'));
    expect(rules.map((r) => [r.Properties.ScheduleExpression, r.Properties.State, r.Properties.Targets[0].Arn['Fn::GetAtt'][0]]))
      .toEqual([['rate(5 minutes)', 'ENABLED', expect.stringMatching(/^ReleaseLostNumbersFn/)]]);
    const createFn = Object.values(serviceTemplate.findResources('AWS::Lambda::Function')).find((f) => f.Metadata?.['complaint:entry'] === 'functions/api/create-complaint.ts');
    expect(createFn?.Properties.Timeout).toBeLessThan(60); // the sweep's minimum gap between runs (complaint-numbers.ts)
  });

  it('serves each route of infra/routes.ts on the HTTP API', () => {
    serviceTemplate.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    const keys = Object.values(serviceTemplate.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey).sort();
    expect(keys).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('defines a STANDARD state machine in JSONPath with human steps waiting on task tokens', () => {
    serviceTemplate.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'STANDARD' });
    const templates = JSON.parse(inject('templates'));
    const { definition } = buildLocalModel(templates).stateMachine;
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    const waits = Object.entries(definition.States).filter(([, s]: [string, any]) => String(s.Resource).endsWith('waitForTaskToken')).map(([n]) => n);
    expect(waits.sort()).toEqual(['AwaitCapa', 'AwaitChasedFollowUp', 'AwaitFollowUp', 'AwaitLatePlan', 'AwaitPlan', 'AwaitResponseRevision', 'AwaitSalesConfirmation']);
    expect(definition.States.AwaitPlan.TimeoutSecondsPath).toBe('$.classification.planTimeoutSeconds');
    expect(definition.States.AwaitPlan.Catch[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'PlanOverdue' });
    const task = definition.States.RunTasks.ItemProcessor.States.AwaitTask;
    expect(task.TimeoutSecondsPath).toBe('$.timeoutSeconds');
    expect(task.Catch).toEqual([{ ErrorEquals: ['States.Timeout', 'HoldChanged'], ResultPath: null, Next: 'TaskCheckpoint' }]);
    expect(definition.States.RunTasks.ItemProcessor.StartAt).toBe('TaskTimer');
  });

  it('lets API functions that resume executions send task results, and only them start executions', () => {
    const policies = Object.values(serviceTemplate.findResources('AWS::IAM::Policy'));
    const actions = (p: any) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(policies.filter((p) => actions(p).includes('states:StartExecution'))).toHaveLength(routes.filter((r) => r.startsWorkflow).length);
    expect(policies.filter((p) => actions(p).includes('states:SendTaskSuccess')).length).toBe(1 + routes.filter((r) => r.resumesWorkflow).length);
  });

  it('synthesizes the same state machine the local cloud runs', () => {
    const templates = JSON.parse(inject('templates'));
    const fromRun = buildLocalModel(templates).stateMachine.definition;
    const fresh = buildLocalModel({ ComplaintData: dataTemplate.toJSON() as any, ComplaintService: serviceTemplate.toJSON() as any }).stateMachine.definition;
    expect(fresh).toEqual(fromRun);
  });
});

describe('sign-in', () => {
  it('keeps the staff in a retained user pool: no self sign-up, a strong password policy, MFA, threat protection', () => {
    dataTemplate.resourceCountIs('AWS::Cognito::UserPool', 1);
    dataTemplate.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }) },
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
        // The person id is a claim nobody can change after the user is created.
        Schema: Match.arrayWith([Match.objectLike({ Name: 'personId', Mutable: false })]),
      }),
    });
  });

  it('has a group per role and one public console client without OAuth flows or a secret', () => {
    const groups = Object.values(dataTemplate.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName).sort();
    expect(groups).toEqual([...Role.options].sort());
    dataTemplate.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const [client] = Object.values(dataTemplate.findResources('AWS::Cognito::UserPoolClient'));
    expect(client!.Properties).toMatchObject({ GenerateSecret: false, ExplicitAuthFlows: expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH']), PreventUserExistenceErrors: 'ENABLED' });
    expect(client!.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client!.Properties.WriteAttributes ?? []).not.toContain('custom:personId');
  });

  it('guards every route but the signed phone-system webhook and the signed action links with the staff JWT authorizer', () => {
    serviceTemplate.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
    const byKey = Object.fromEntries(Object.values(serviceTemplate.findResources('AWS::ApiGatewayV2::Route')).map((r) => [r.Properties.RouteKey, r.Properties]));
    for (const route of routes) {
      const properties = byKey[`${route.method} ${route.path}`];
      if (route.caller) expect(properties.AuthorizationType ?? 'NONE', route.id).toBe('NONE');
      else expect(properties.AuthorizationType, route.id).toBe('JWT');
    }
  });

  it('answers browsers only from the console origins, with the authorization header allowed', () => {
    serviceTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['http://localhost:5173'], AllowHeaders: Match.arrayWith(['authorization']) }),
    });
  });
});

describe('upgrading a table from before the work queues', () => {
  it('deploys only the first N indexes with -c tableIndexes=N, one more per deploy (DynamoDB adds one index per update)', () => {
    const upgrade = new App({ context: { 'aws:cdk:bundling-stacks': [], senderEmail: 'complaints@example.com', tableIndexes: 2 } });
    const indexes = Template.fromStack(buildApp(upgrade).data).toJSON().Resources;
    const [table] = Object.values(indexes as Record<string, { Type: string; Properties: any }>).filter((r) => r.Type === 'AWS::DynamoDB::Table');
    expect(table!.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual(['GSI1', 'GSI2']);
    expect(() => buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], tableIndexes: 9 } }))).toThrow(/tableIndexes must be a whole number from 1 to 7/);
  });
});
