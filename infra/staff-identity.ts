import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery, ClientAttributes, FeaturePlan, Mfa, StandardThreatProtectionMode, StringAttribute,
  UserPool, UserPoolClient, UserPoolEmail, UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { z } from 'zod';
import { parseSettings } from '../shared/domain/settings.ts';
import { Role } from '../shared/domain/model.ts';
import { PERSON_ID_CLAIM } from '../shared/api/identity.ts';

/** How a company signs its staff in: CDK context `identity` (cdk.json), validated at synth. */
export const IdentitySettings = z.object({
  /** OFF, OPTIONAL (each user may add an authenticator app) or REQUIRED (everyone must). */
  mfa: z.enum(['OFF', 'OPTIONAL', 'REQUIRED']).default('OPTIONAL'),
  /** PLUS enables Cognito's threat protection (compromised credentials, adaptive authentication). */
  featurePlan: z.enum(['ESSENTIALS', 'PLUS']).default('PLUS'),
  /** Origins the web console is served from; the only origins the API answers in browsers. */
  consoleOrigins: z.array(z.url()).min(1).default(['http://localhost:5173']),
}).strict();
export type IdentitySettings = z.infer<typeof IdentitySettings>;

export const parseIdentitySettings = (raw: unknown): IdentitySettings => parseSettings(IdentitySettings, raw, 'identity settings');

/**
 * The staff's identities: one Cognito user per person in master data, with the person id as an
 * immutable claim and one group per role. Users are state, so the pool lives in the data stack
 * and is retained. Groups mirror the person record for people and tools that read tokens; the
 * API decides with the person record itself, read on every request.
 */
export class StaffIdentity extends Construct {
  readonly userPool: UserPool;
  /** The web console (a public client: no secret; user-password sign-in, as the local provider offers). */
  readonly consoleClient: UserPoolClient;

  constructor(scope: Construct, id: string, settings: IdentitySettings, senderEmail: string) {
    super(scope, id);
    const threatProtection = settings.featurePlan === 'PLUS';
    this.userPool = new UserPool(this, 'Users', {
      // Only the master-data import (or the first-administrator command) creates users.
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      customAttributes: { [PERSON_ID_CLAIM.replace('custom:', '')]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }) },
      passwordPolicy: {
        minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa[settings.mfa],
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan[settings.featurePlan],
      ...(threatProtection ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      userInvitation: {
        emailSubject: 'Your complaint desk account',
        emailBody: 'You can now sign in to the complaint desk as {username} with the temporary password {####}. You will choose your own password at the first sign-in.',
        smsMessage: 'Complaint desk: sign in as {username} with the temporary password {####}',
      },
      // Invitations go out through SES from the company's sender (Cognito's own mailer sends
      // only a few dozen a day), and by SMS for people without an email address.
      email: UserPoolEmail.withSES({ fromEmail: senderEmail, sesRegion: Stack.of(this).region }),
      enableSmsRole: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Both are the company's choice in cdk.json (context `identity`), made knowingly there.
    if (settings.mfa !== 'REQUIRED') {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason: `MFA is ${settings.mfa} by the company's choice (cdk.json context identity.mfa); with OPTIONAL each person may `
          + 'add an authenticator app. REQUIRED makes it mandatory for everyone.',
      });
    }
    if (!threatProtection) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG3',
        reason: 'The company chose the ESSENTIALS feature plan (cdk.json context identity.featurePlan), which has no threat '
          + 'protection; PLUS (the default) enforces it.',
      });
    }
    const smsRole = this.userPool.node.tryFindChild('smsRole');
    if (smsRole) {
      Validations.of(smsRole).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'The role Cognito assumes to text invitations (and later MFA codes): sns:Publish of SMS straight to a phone '
          + 'number has no resource ARN to name. CDK scopes the trust to this user pool through an external id.',
      });
    }
    for (const role of Role.options) {
      new UserPoolGroup(this, `Group${role}`, { userPool: this.userPool, groupName: role, description: `People with the role ${role}` });
    }
    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      // Sign-in is InitiateAuth (user and password, or SRP), which the local provider offers too;
      // no hosted UI, so no OAuth flows or callback URLs to leave open.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.minutes(60),
      accessTokenValidity: Duration.minutes(60),
      refreshTokenValidity: Duration.hours(12),
      // Nobody writes their own attributes from the console; the person id is never writable.
      writeAttributes: new ClientAttributes(),
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, phoneNumber: true, fullname: true }).withCustomAttributes('personId'),
    });
  }
}
