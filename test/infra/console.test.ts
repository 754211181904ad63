import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app.ts';

/**
 * The web console in AWS (issue 12): a private bucket read only by CloudFront through origin
 * access control, HTTPS only, security headers on every answer, the API under /api on the same
 * origin, and config.json written at deploy time.
 */
const app = new App({ context: { 'aws:cdk:bundling-stacks': [], senderEmail: 'complaints@example.com' } });
const { webConsole } = buildApp(app);
const resources = Template.fromStack(webConsole).toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;
type Entry = [string, { Type: string; Properties: Record<string, any> }];
/** The resources of a type, at least one (the test fails otherwise). */
const ofType = (type: string): [Entry, ...Entry[]] => {
  const found = Object.entries(resources).filter(([, r]) => r.Type === type) as Entry[];
  expect(found.length, type).toBeGreaterThan(0);
  return found as [Entry, ...Entry[]];
};
const [[distributionId, distribution]] = ofType('AWS::CloudFront::Distribution');
const config = distribution.Properties.DistributionConfig;

describe('the console in AWS', () => {
  it('keeps the built app in a private, encrypted bucket that only this distribution reads (origin access control)', () => {
    const [[bucketId, bucket]] = ofType('AWS::S3::Bucket');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    const [[oacId, oac]] = ofType('AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    const s3Origin = config.Origins.find((o: any) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
    expect(s3Origin.DomainName).toEqual({ 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] });
    const [[, policy]] = ofType('AWS::S3::BucketPolicy');
    const statements = policy.Properties.PolicyDocument.Statement as any[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const reads = statements.filter((s) => s.Effect === 'Allow');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
    expect(JSON.stringify(reads[0].Condition)).toContain(distributionId);
  });

  it('answers over HTTPS only, with security headers on the app and the API alike', () => {
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultRootObject).toBe('index.html');
    const api = config.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');
    expect(api.ViewerProtocolPolicy).toBe('https-only');
    const [[headersId, headers]] = ofType('AWS::CloudFront::ResponseHeadersPolicy');
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: headersId });
    expect(api.ResponseHeadersPolicyId).toEqual({ Ref: headersId });
    const security = headers.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(security).toMatchObject({
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 730 * 86_400, IncludeSubdomains: true, Override: true },
    });
    const csp = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", 'connect-src \'self\' https://cognito-idp.']) expect(csp).toContain(directive);
    // Evidence goes from the browser straight to the attachments bucket's signed links: that bucket and no other.
    expect(csp).toMatch(/AttachmentsBucket[^"]*RegionalDomainName/);
    expect(csp.match(/RegionalDomainName/g)).toHaveLength(1);
    // The API's origin only over HTTPS.
    const apiOrigin = config.Origins.find((o: any) => o.Id === api.TargetOriginId);
    expect(apiOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('.execute-api.');
  });

  it('serves the API under /api: never cached, every viewer header but Host (the token reaches the authorizer), /api stripped on the way', () => {
    const api = config.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
    expect(api.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // Managed-AllViewerExceptHostHeader
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT']));
    const [functionId, fn] = ofType('AWS::CloudFront::Function').find(([id]) => id.startsWith('StripApiPrefix'))!;
    expect(api.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } }]);
    // The function itself, run as CloudFront runs it.
    const handler = new Function(`${fn.Properties.FunctionCode}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    expect(handler({ request: { uri: '/api/complaints/CMP-2026-000001' } }).uri).toBe('/complaints/CMP-2026-000001');
    expect(handler({ request: { uri: '/apix/a' } }).uri).toBe('/apix/a');
  });

  it('serves the signed-link page (/action) as the app', () => {
    const [functionId, fn] = ofType('AWS::CloudFront::Function').find(([id]) => id.startsWith('AppPaths'))!;
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } }]);
    const handler = new Function(`${fn.Properties.FunctionCode}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    expect(handler({ request: { uri: '/action' } }).uri).toBe('/index.html');
    expect(handler({ request: { uri: '/assets/index-abc.js' } }).uri).toBe('/assets/index-abc.js');
  });

  it('writes config.json at deploy time with the API path and the user pool\'s console client, and no secret', () => {
    const deployments = ofType('Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    const [, deployment] = deployments.find(([id]) => id.startsWith('DeployConsoleCustomResource'))!;
    const [assetsId, assets] = deployments.find(([id]) => id.startsWith('DeployConsoleAssets'))!;
    expect(deployment.Properties.DistributionPaths).toEqual(['/', '/index.html', '/config.json']);
    // index.html and config.json revalidated on every load; the hashed chunks cached for a year and
    // never pruned (a tab opened before a deploy still loads its own chunks), and deployed first.
    expect(deployment.Properties).toMatchObject({ SystemMetadata: { 'cache-control': 'no-cache' }, Exclude: ['assets/*'], Prune: true });
    expect(assets.Properties).toMatchObject({ SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' }, Exclude: ['*'], Include: ['assets/*'], Prune: false });
    expect(assets.Properties.DistributionId).toBeUndefined();
    expect((resources[deployments.find(([id]) => id.startsWith('DeployConsoleCustomResource'))![0]] as any).DependsOn).toContain(assetsId);
    const markers = JSON.stringify(deployment.Properties.SourceMarkers);
    expect(markers).toContain('ConsoleClient');
    expect(markers).not.toMatch(/secret/i);
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
    // The file as staged for the deployment: the company's intake rules, for the new-complaint form to enforce before it sends.
    const staged = readdirSync(app.outdir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('config.json'));
    const written = staged.map((f) => JSON.parse(readFileSync(path.join(app.outdir, f), 'utf8'))).find((c) => c.apiUrl);
    expect(written).toMatchObject({ apiUrl: '/api', intake: { requiredFields: ['customerRequirements'], descriptionMinLength: 10 } });
  });
});
