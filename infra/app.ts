import { App } from 'aws-cdk-lib';
import { addSecurityChecks, buildApp } from './build-app.ts';

const app = new App();
buildApp(app);
// cdk-nag (AwsSolutions, Serverless): an unacknowledged error fails `cdk synth` and `cdk deploy`.
addSecurityChecks(app);
