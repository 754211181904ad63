import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, CfnOutput, type CfnElement, DockerImage, Duration, RemovalPolicy, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods, CachePolicy, Distribution, Function as CloudFrontFunction, FunctionCode, FunctionEventType, FunctionRuntime, HeadersFrameOption,
  HeadersReferrerPolicy, HttpVersion, OriginProtocolPolicy, OriginRequestPolicy, ResponseHeadersPolicy, ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { consoleConfigFor, consoleContentSecurityPolicy } from '../shared/api/console-config.ts';
import type { CompanyPolicy } from '../shared/domain/company-policy.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ComplaintConsoleStackProps extends StackProps {
  /** The HTTP API, served under /api on the console's own origin (no CORS to get wrong). */
  readonly api: IHttpApi;
  /** The staff user pool's console client (data stack). */
  readonly consoleClientId: string;
  /** The evidence bucket: the console uploads to its signed links (connect-src). */
  readonly attachments: IBucket;
  /** Intake rules the console's forms enforce (the company policy). */
  readonly companyPolicy: CompanyPolicy;
}

/** Strips /api from the path on its way to the API: the console calls /api/complaints/…, the API serves /complaints/…. */
const STRIP_API_PREFIX = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.replace(/^\\/api(?=\\/)/, '');
  return request;
}`;

/** The console's own paths (the signed-link page) are the app: S3 holds only index.html and the built files. */
const APP_PATHS = `function handler(event) {
  var request = event.request;
  if (request.uri === '/action') request.uri = '/index.html';
  return request;
}`;

/**
 * The web console in AWS (stateless; its own stack, so the service stack stays under
 * CloudFormation's resource limit): the built app in a private bucket that only the CloudFront
 * distribution reads (origin access control), HTTPS only, security headers on every answer, the
 * API under /api on the same origin, and /config.json written at deploy time with the API path
 * and the user pool's console client. Deployed by the same `cdk deploy`.
 */
export class ComplaintConsoleStack extends Stack {
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: ComplaintConsoleStackProps) {
    super(scope, id, props);
    const site = new Bucket(this, 'ConsoleBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      // Only built files, rewritten by every deploy; kept if the stack is deleted (CloudFormation
      // cannot delete a bucket that still holds files).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(site).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Holds only the console\'s built files, public by nature and rewritten by every deploy; only CloudFront reads it '
        + '(origin access control), and nothing in it is personal data worth an access log.',
    });

    const identityEndpoint = `https://cognito-idp.${this.region}.${this.urlSuffix}/`;
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Complaint desk console: security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          override: true,
          contentSecurityPolicy: consoleContentSecurityPolicy([identityEndpoint.replace(/\/$/, ''), `https://${props.attachments.bucketRegionalDomainName}`]),
        },
        strictTransportSecurity: { override: true, accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: false },
        contentTypeOptions: { override: true },
        frameOptions: { override: true, frameOption: HeadersFrameOption.DENY },
        referrerPolicy: { override: true, referrerPolicy: HeadersReferrerPolicy.NO_REFERRER },
      },
    });
    const stripApi = new CloudFrontFunction(this, 'StripApiPrefix', {
      code: FunctionCode.fromInline(STRIP_API_PREFIX),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Console: /api/… → the HTTP API\'s /…',
    });
    const appPaths = new CloudFrontFunction(this, 'AppPaths', {
      code: FunctionCode.fromInline(APP_PATHS),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Console: /action (signed links) → index.html',
    });
    this.distribution = new Distribution(this, 'ConsoleDistribution', {
      comment: 'Complaint desk console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(site),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: appPaths, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        // Never cached; every viewer header but Host (API Gateway answers 403 to a foreign Host),
        // so the Authorization header reaches the API's JWT authorizer.
        '/api/*': {
          origin: new HttpOrigin(`${props.api.apiId}.execute-api.${this.region}.${this.urlSuffix}`, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          functionAssociations: [{ function: stripApi, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
      },
    });
    const why = {
      'AwsSolutions-CFR1': 'The console serves staff of one company who may travel; there is no country to restrict it to.',
      'AwsSolutions-CFR2': 'No WAF web ACL by default (a per-request cost the deploying company chooses); the API behind /api throttles every route and checks every token.',
      'AwsSolutions-CFR3': 'Standard logging needs an ACL-enabled bucket; the API behind /api keeps its own JSON access log of every request.',
      'AwsSolutions-CFR4': 'The default *.cloudfront.net certificate cannot be pinned to TLS 1.2; a company that adds its own domain and certificate sets the minimum protocol version with it.',
    };
    for (const [rule, reason] of Object.entries(why)) Validations.of(this.distribution).acknowledge({ id: rule, reason });

    // The app, built by Vite at synth (locally, never in Docker), and its runtime configuration.
    const build = Source.asset(path.join(repoRoot, 'web'), {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        image: DockerImage.fromRegistry('node:24-slim'),
        local: {
          tryBundle(outputDir: string) {
            execFileSync('npx', ['vite', 'build', 'web', '--outDir', outputDir, '--emptyOutDir'], { cwd: repoRoot, stdio: 'inherit' });
            return true;
          },
        },
      },
    });
    const config = Source.jsonData('config.json', consoleConfigFor({ endpoint: identityEndpoint, clientId: props.consoleClientId }, props.companyPolicy));
    // Two copies, so each file gets the caching it needs. Hashed chunks (assets/) never change:
    // cached for a year, and kept by later deploys, because a tab opened before a deploy still
    // loads the chunks of its own build when it opens a screen. The rest (index.html, config.json)
    // is revalidated on every load, so a deploy reaches everyone at once.
    const assets = new BucketDeployment(this, 'DeployConsoleAssets', {
      sources: [build],
      destinationBucket: site,
      exclude: ['*'],
      include: ['assets/*'],
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
      prune: false,
      memoryLimit: 512,
    });
    const deployment = new BucketDeployment(this, 'DeployConsole', {
      sources: [build, config],
      destinationBucket: site,
      exclude: ['assets/*'],
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      // The root too: CloudFront caches index.html under / as well.
      distributionPaths: ['/', '/index.html', '/config.json'],
      // Removes old root files; assets/ is excluded, so pruning never touches the chunks.
      prune: true,
      memoryLimit: 512,
    });
    deployment.node.addDependency(assets); // the new index.html only once its chunks are there
    // CDK's deployment function (a singleton at the stack's root) and its role.
    const deployer = [deployment, assets, ...this.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))];
    const deployerWhy = 'CDK\'s BucketDeployment custom resource, run only by CloudFormation at deploy time to copy the built console into '
      + 'its bucket and invalidate CloudFront: its managed role and wildcard grants (the asset bucket\'s objects, the invalidation) are CDK\'s, '
      + 'its runtime is CDK\'s choice, and a failed run fails the deploy (no dead-letter queue or tracing needed).';
    const siteArn = `<${this.getLogicalId(site.node.defaultChild as CfnElement)}.Arn>`;
    // The CDK assets bucket as cdk-nag names it: account and region are tokens, or values when the CLI knows them.
    const known = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
    const assetsBucket = `arn:<AWS::Partition>:s3:::cdk-${this.synthesizer.bootstrapQualifier ?? 'hnb659fds'}-assets-${known(this.account, 'AWS::AccountId')}-${known(this.region, 'AWS::Region')}/*`;
    const rules = [
      'AwsSolutions-L1', 'Serverless-LambdaDLQ', 'Serverless-LambdaTracing', 'Serverless-LambdaDefaultMemorySize', 'Serverless-LambdaLatestVersion',
      'Serverless-LambdaAsyncFailureDestination',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((a) => `AwsSolutions-IAM5[Action::${a}]`),
      ...[assetsBucket, `${siteArn}/*`, '*'].map((r) => `AwsSolutions-IAM5[Resource::${r}]`),
    ];
    for (const c of deployer) for (const rule of rules) Validations.of(c).acknowledge({ id: rule, reason: deployerWhy });
    new CfnOutput(this, 'ConsoleUrl', { value: `https://${this.distribution.distributionDomainName}` });
  }
}
