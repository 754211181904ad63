import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, CorsHttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { StaffIdentity } from './staff-identity.ts';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CompanyPolicy } from '../shared/domain/company-policy.ts';
import type { Construct } from 'constructs';
import { ComplaintFunction } from './complaint-function.ts';
import { LifecycleStateMachine } from './lifecycle-state-machine.ts';
import { routes } from './routes.ts';

export interface ComplaintServiceStackProps extends StackProps {
  readonly table: ITable;
  /** SES-verified identity that notifications and responses are sent from. */
  readonly senderEmail: string;
  readonly phoneWebhookSecret: ISecret;
  readonly attachments: IBucket;
  /** Validated company policy (cdk.json context `companyPolicy`), given to every function. */
  readonly companyPolicy: CompanyPolicy;
  /** The staff's user pool and the console's client (data stack). */
  readonly identity: StaffIdentity;
  /** The only origins browsers may call the API from (the web console). */
  readonly consoleOrigins: string[];
}

/** Stateless resources: the lifecycle functions, the state machine and the HTTP API. */
export class ComplaintServiceStack extends Stack {
  constructor(scope: Construct, id: string, props: ComplaintServiceStackProps) {
    super(scope, id, props);
    const { table, senderEmail } = props;

    const workflowFunction = (id: string, handler: string, description: string) =>
      new ComplaintFunction(this, id, { handler: `workflow/${handler}`, description }).useTable(table);

    const lifecycle = new LifecycleStateMachine(this, 'Lifecycle', {
      recordIntake: workflowFunction('RecordIntakeFn', 'record-intake', 'Lifecycle: record the complaint as received'),
      classify: workflowFunction('ClassifyFn', 'classify', 'Lifecycle: urgency, category, SLA policy and recipients'),
      notify: workflowFunction('NotifyFn', 'notify', 'Lifecycle: deliver one notification, once').useMessaging(senderEmail),
      awaitHumanStep: workflowFunction('AwaitHumanStepFn', 'await-human-step', 'Lifecycle: park the execution until a person acts')
        .useMessaging(senderEmail).useTaskResponses(),
      taskCheckpoint: workflowFunction('TaskCheckpointFn', 'task-checkpoint', 'Lifecycle: fire due reminders and escalations of a task, once')
        .useMessaging(senderEmail),
      announce: workflowFunction('AnnounceFn', 'announce', 'Lifecycle: tell watchers and the service desk about progress')
        .useMessaging(senderEmail),
      prepareResponse: workflowFunction('PrepareResponseFn', 'prepare-response', 'Lifecycle: draft the response to the customer'),
      sendResponse: workflowFunction('SendResponseFn', 'send-response', 'Lifecycle: send the sales-confirmed response')
        .useMessaging(senderEmail),
      closeComplaint: workflowFunction('CloseComplaintFn', 'close-complaint', 'Lifecycle: close the complaint'),
    });
    const { stateMachine } = lifecycle;

    const api = new HttpApi(this, 'HttpApi', {
      description: 'Complaint desk API',
      corsPreflight: {
        allowOrigins: props.consoleOrigins,
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        maxAge: Duration.hours(1),
      },
    });
    // Staff routes: the ID token of the staff user pool, issued to the console's client.
    const staffAuthorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', props.identity.userPool, {
      userPoolClients: [props.identity.consoleClient],
    });
    for (const route of routes) {
      const fn = new ComplaintFunction(this, `${route.id}Fn`, {
        handler: route.handler,
        description: route.description,
        timeout: Duration.seconds(10),
      }).useTable(table, route.access);
      if (route.startsWorkflow) {
        stateMachine.grantStartExecution(fn);
        fn.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
      }
      if (route.resumesWorkflow) fn.useTaskResponses();
      if (route.messaging) fn.useMessaging(senderEmail);
      if (route.attachments) {
        if (route.attachments === 'readWrite') {
          props.attachments.grantReadWrite(fn);
          props.attachments.grantDelete(fn); // a refused upload is removed
        } else {
          props.attachments.grantRead(fn);
        }
        fn.addEnvironment('ATTACHMENTS_BUCKET', props.attachments.bucketName);
      }
      if (route.phoneWebhookSecret) {
        props.phoneWebhookSecret.grantRead(fn);
        fn.addEnvironment('PHONE_WEBHOOK_SECRET_ARN', props.phoneWebhookSecret.secretArn);
      }
      if (route.manageAccounts) fn.useStaffAccounts(props.identity.userPool);
      api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
        // The phone system signs its requests (HMAC, checked by the function); all else is staff.
        ...(route.caller === 'phoneSystem' ? {} : { authorizer: staffAuthorizer }),
      });
    }

    // Amazon Connect calls this from a contact flow ("Invoke AWS Lambda function" block).
    const connectLookup = new ComplaintFunction(this, 'ConnectCustomerLookupFn', {
      handler: 'connect/customer-lookup',
      description: 'Amazon Connect: caller lookup for contact flows (flat string attributes)',
      timeout: Duration.seconds(8),
    }).useTable(table, 'read');
    connectLookup.addPermission('InvokedByAmazonConnect', {
      principal: new ServicePrincipal('connect.amazonaws.com'),
      sourceAccount: this.account,
    });

    for (const fn of this.node.findAll().filter((c): c is ComplaintFunction => c instanceof ComplaintFunction)) {
      fn.addEnvironment('COMPANY_POLICY', JSON.stringify(props.companyPolicy));
    }

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'ConnectLookupFunctionArn', { value: connectLookup.functionArn });
    new CfnOutput(this, 'StateMachineArn', { value: stateMachine.stateMachineArn });
  }
}
