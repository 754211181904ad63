import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SalesDocument } from '../../shared/domain/model.ts';
import { parseRows, type ImportKind } from '../../shared/domain/master-data-import.ts';

/**
 * The seed's example company, as import files: the people who handle complaints, a customer who
 * bought laptops, and the delivery note of the shipment that arrived with a white line across
 * the screen. The local cloud imports them at start through the same import as the API.
 */
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sample-data');
export const sampleFiles: { kind: ImportKind; file: string }[] = [
  { kind: 'people', file: path.join(dir, 'people.json') },
  { kind: 'customers', file: path.join(dir, 'customers.csv') },
  { kind: 'documents', file: path.join(dir, 'documents.csv') },
];

export const formatOf = (file: string) => (file.endsWith('.json') ? 'json' as const : 'csv' as const);

export const samplePeople = JSON.parse(readFileSync(path.join(dir, 'people.json'), 'utf8')) as { personId: string; roles: string[] }[];

export const sampleDocuments: SalesDocument[] = parseRows('csv', readFileSync(path.join(dir, 'documents.csv'), 'utf8'))
  .map((row) => ({ ...row, warrantyMonths: Number(row.warrantyMonths) }) as unknown as SalesDocument);

/**
 * Import the sample files (idempotent: rows already on file are UNCHANGED), people with their
 * sign-in accounts. Run after the environment is set. Returns the sample people's ids.
 */
export async function seedSampleData(userPoolId: string): Promise<string[]> {
  const { importMasterData } = await import('../../shared/services/master-data-import.ts');
  const { loadCompanyPolicy } = await import('../../shared/config.ts');
  for (const { kind, file } of sampleFiles) {
    const result = await importMasterData(kind, { format: formatOf(file), mode: 'all-or-nothing', content: readFileSync(file, 'utf8') }, loadCompanyPolicy(), { userPoolId });
    if (!result.accepted || result.accountFailures) throw new Error(`sample ${kind} were refused: ${JSON.stringify(result.rows.filter((r) => r.issues.length))}`);
  }
  return samplePeople.map((p) => p.personId);
}
