/**
 * `npm run first-admin -- --person-id admin.ma --name "Ma Hui" --email ma.hui@example.com
 *   [--region eu-west-1] [--stack ComplaintData]`
 *
 * Creates the first master-data administrator of a deployment with the operator's AWS
 * credentials: the person in the table and their user in the pool (the stack's TableName and
 * UserPoolId outputs, or --table and --user-pool). Cognito emails the temporary password. From
 * then on, people are imported through the API by that administrator (`npm run import`).
 */
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { z } from 'zod';

const { values } = parseArgs({
  options: {
    'person-id': { type: 'string' }, name: { type: 'string' }, email: { type: 'string' },
    region: { type: 'string' }, stack: { type: 'string', default: 'ComplaintData' },
    table: { type: 'string' }, 'user-pool': { type: 'string' },
  },
});
const Input = z.object({
  personId: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only'),
  name: z.string().trim().min(1).max(200),
  email: z.email('an email address is needed: the invitation goes there'),
});
const input = Input.safeParse({ personId: values['person-id'], name: values.name, email: values.email });
if (!input.success) {
  console.error(`usage: npm run first-admin -- --person-id ID --name NAME --email EMAIL [--region REGION] [--stack ComplaintData]\n${input.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  process.exit(2);
}
if (values.region) process.env.AWS_REGION = values.region;

let table = values.table;
let userPool = values['user-pool'];
if (!table || !userPool) {
  const out = await new CloudFormationClient({}).send(new DescribeStacksCommand({ StackName: values.stack }));
  const outputs = new Map((out.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
  table ??= outputs.get('TableName');
  userPool ??= outputs.get('UserPoolId');
  if (!table || !userPool) throw new Error(`stack ${values.stack} has no TableName/UserPoolId outputs; deploy it first`);
}
// The store reads its table name from the environment when it loads.
process.env.TABLE_NAME = table;
const { appointAdministrator } = await import('../../shared/services/accounts.ts');
const { person, account } = await appointAdministrator(userPool, input.data);
console.log(`${person.personId} is a master-data administrator (roles: ${person.roles.join(', ')}); account ${account}.`);
console.log(account === 'CREATED' ? `Cognito emails the temporary password to ${input.data.email}.` : 'The account existed; its groups and profile are in line.');
