import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { ReceiptRule, ReceiptRuleSet, TlsPolicy, type IReceiptRuleSet } from 'aws-cdk-lib/aws-ses';
import { Lambda, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { z } from 'zod';
import { parseSettings } from '../shared/domain/settings.ts';
import { ComplaintFunction } from './complaint-function.ts';

/** Complaints by email (cdk.json context `emailIntake`), validated at synth. */
const EmailIntakeSettings = z.object({
  /** The addresses (or domains) customers write to; SES must be able to receive for them (MX, verified domain). */
  recipients: z.array(z.string().min(3).max(254)).min(1).max(100),
  /** How long raw messages are kept in the inbound bucket (the complaint keeps what it took from them). */
  rawRetentionDays: z.number().int().min(1).max(3650).default(180),
  /**
   * Add the rule to this receipt rule set (the account's active one, when the account already
   * receives mail). Without it, a rule set of its own is created; SES uses only the active set,
   * so it is activated once by hand (README, Complaints by email).
   */
  ruleSetName: z.string().min(1).max(64).optional(),
}).strict();
export type EmailIntakeSettings = z.infer<typeof EmailIntakeSettings>;
export const parseEmailIntake = (raw: unknown, senderEmail: string) =>
  parseSettings(EmailIntakeSettings, raw ?? { recipients: [senderEmail] }, 'emailIntake settings');

/** Where SES writes each raw message: <prefix><SES message id>. */
export const INBOUND_PREFIX = 'inbound/';

export interface EmailIntakeProps {
  readonly settings: EmailIntakeSettings;
  readonly table: ITable;
  /** The raw messages (data stack, encrypted, expiring). */
  readonly inboundMail: IBucket;
  /** Evidence taken from messages goes with the other attachments, under email/. */
  readonly attachments: IBucket;
  readonly senderEmail: string;
}

/**
 * SES receiving: a receipt rule for the intake addresses that scans each message for spam and
 * viruses, requires TLS, stores the raw message in the inbound bucket, then invokes the receiving
 * function (asynchronously; a failure is retried twice, then kept in a failure queue). The
 * function itself respects the verdicts (shared/services/inbound-email.ts): a failing message is
 * kept aside, never made into a case.
 */
export class EmailIntake extends Construct {
  readonly receiveFunction: ComplaintFunction;
  readonly ruleSet: IReceiptRuleSet;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: EmailIntakeProps) {
    super(scope, id);
    this.failures = new Queue(this, 'ReceiveFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const notConsumed = 'This queue is itself the on-failure destination of the email-receiving function (SES invokes it asynchronously): '
      + 'an operator replays what it holds (the raw message stays in the inbound bucket); it needs no DLQ or redrive of its own.';
    Validations.of(this.failures).acknowledge({ id: 'AwsSolutions-SQS3', reason: notConsumed });
    Validations.of(this.failures).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason: notConsumed });

    this.receiveFunction = new ComplaintFunction(scope, 'ReceiveEmailFn', {
      handler: 'email/receive-email',
      description: 'SES receipt rule: a received email becomes an intake item, a reply on its complaint, or is kept aside',
      invokedBy: 'sesReceipt',
      timeout: Duration.seconds(60),
      failureQueue: this.failures,
      // A message has up to 40 MB; it is parsed with its attachments in memory.
      memorySize: 1024,
    }).useTable(props.table, 'readWrite')
      .useInboundMail(props.inboundMail, INBOUND_PREFIX, props.attachments)
      .useMessaging(props.senderEmail);

    this.ruleSet = props.settings.ruleSetName
      ? ReceiptRuleSet.fromReceiptRuleSetName(this, 'RuleSet', props.settings.ruleSetName)
      : new ReceiptRuleSet(this, 'RuleSet', {});
    new ReceiptRule(this, 'ComplaintMail', {
      ruleSet: this.ruleSet,
      recipients: props.settings.recipients,
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      actions: [
        new S3({ bucket: props.inboundMail, objectKeyPrefix: INBOUND_PREFIX }),
        new Lambda({ function: this.receiveFunction, invocationType: LambdaInvocationType.EVENT }),
      ],
    });
  }
}
