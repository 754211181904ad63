/** `npm run openapi -- [file]`: write the API description (default .local/openapi.json). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '../openapi.ts';
import { repoRoot } from './synth.ts';

const out = path.resolve(process.argv[2] ?? path.join(repoRoot, '.local', 'openapi.json'));
mkdirSync(path.dirname(out), { recursive: true });
const doc = openApiDocument();
writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), out)}: ${Object.keys(doc.paths).length} paths`);
