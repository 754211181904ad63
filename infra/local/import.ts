/**
 * `npm run import -- <customers|documents|people> <file.csv|file.json> [--mode valid-only]
 *   [--api http://127.0.0.1:3000] [--as admin.ma]`
 *
 * Sends the file to the import route of a running system (the local cloud by default, or a
 * deployed API with --api) and prints the per-row report. Exits 0 when the batch was accepted.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatOf } from './sample-data.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    mode: { type: 'string', default: 'all-or-nothing' },
    api: { type: 'string', default: process.env.LOCAL_API_URL ?? `http://127.0.0.1:${process.env.LOCAL_API_PORT ?? 3000}` },
    as: { type: 'string', default: 'admin.ma' },
  },
});
const [kind, file] = positionals;
if (!kind || !file) {
  console.error('usage: npm run import -- <customers|documents|people> <file.csv|file.json> [--mode valid-only] [--api URL] [--as personId]');
  process.exit(2);
}

const res = await fetch(`${values.api}/master-data/${kind}/imports`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-person-id': values.as! },
  body: JSON.stringify({ format: formatOf(file), mode: values.mode, content: readFileSync(file, 'utf8') }),
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
  console.log(`row ${String(row.row).padStart(4)}  ${String(row.key ?? '-').padEnd(16)} ${row.status.padEnd(9)} ${issues}`);
}
console.log(`${result.accepted ? 'accepted' : 'refused'}: ${result.written} written, ${result.unchanged} unchanged, ${result.rejected} rejected (${result.mode})`);
process.exit(result.accepted ? 0 : 1);
