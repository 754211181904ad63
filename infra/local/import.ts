/**
 * `npm run import -- <customers|documents|people> <file.csv|file.json> [--mode valid-only]
 *   [--api http://127.0.0.1:3000] [--as admin.ma] [--client-id ID --region REGION]`
 *
 * Signs in as the master-data administrator `--as` (locally with the local password; in AWS
 * with $COMPLAINT_PASSWORD and the console's client id), sends the file to the import route of
 * a running system (the local cloud by default, or a deployed API with --api) and prints the
 * per-row report. Exits 0 when the batch was accepted.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatOf } from './sample-data.ts';
import { signInAs, signInTarget } from './tool-sign-in.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    mode: { type: 'string', default: 'all-or-nothing' },
    api: { type: 'string', default: process.env.LOCAL_API_URL ?? `http://127.0.0.1:${process.env.LOCAL_API_PORT ?? 3000}` },
    as: { type: 'string', default: 'admin.ma' },
    'client-id': { type: 'string' },
    region: { type: 'string' },
    'identity-endpoint': { type: 'string' },
  },
});
const [kind, file] = positionals;
if (!kind || !file) {
  console.error('usage: npm run import -- <customers|documents|people> <file.csv|file.json> [--mode valid-only] [--api URL] [--as personId] [--client-id ID --region REGION]');
  process.exit(2);
}

let content: string;
try {
  content = readFileSync(file, 'utf8');
} catch (error) {
  console.error(`cannot read ${file}: ${(error as Error).message}`);
  process.exit(2);
}
let token: string;
try {
  token = await signInAs(signInTarget({ clientId: values['client-id'], region: values.region, identityEndpoint: values['identity-endpoint'] }), values.as!);
} catch (error) {
  console.error(`could not sign in as ${values.as}: ${(error as Error).message}`);
  process.exit(2);
}
const res = await fetch(`${values.api}/master-data/${kind}/imports`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ format: formatOf(file), mode: values.mode, content }),
}).catch(() => {
  console.error(`No system answers at ${values.api}: start it with \`npm start\`, or pass --api.`);
  process.exit(2);
});
const result = await res.json() as any;
if (!result.rows) {
  console.error(`import refused (${res.status}): ${JSON.stringify(result)}`);
  process.exit(1);
}
for (const row of result.rows) {
  const issues = row.issues.map((i: any) => `${i.field}: ${i.message}`).join('; ');
  console.log(`row ${String(row.row).padStart(4)}  ${String(row.key ?? '-').padEnd(16)} ${row.status.padEnd(9)}${row.account ? ` account ${row.account}` : ''} ${issues}`);
}
console.log(`${result.accepted ? 'accepted' : 'refused'}: ${result.written} written, ${result.unchanged} unchanged, ${result.rejected} rejected (${result.mode})`);
process.exit(result.accepted ? 0 : 1);
