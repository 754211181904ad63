/**
 * `npm run access-matrix` prints the README's access matrix from shared/api/access.ts and
 * infra/routes.ts; a test checks that the README carries exactly this table.
 */
import { accessMatrix, type StaffRouteId } from '../shared/api/access.ts';
import type { Role } from '../shared/domain/model.ts';
import { routes } from './routes.ts';

const columns: [Role, string][] = [
  ['SERVICE_AGENT', 'Service agent'], ['SERVICE_MANAGER', 'Service mgr'], ['QUALITY_MANAGER', 'Quality mgr'],
  ['TASK_ASSIGNEE', 'Task assignee'], ['SALES', 'Salesperson'], ['SALES_MANAGER', 'Sales mgr'],
  ['PURCHASING_MANAGER', 'Purchasing mgr'], ['GENERAL_MANAGER', 'General mgr'], ['MASTER_DATA_ADMIN', 'Master-data admin'],
];

export function accessMatrixMarkdown(): string {
  const lines = [
    `| Route | ${columns.map(([, label]) => label).join(' | ')} |`,
    `|---|${columns.map(() => ':-:').join('|')}|`,
  ];
  for (const route of routes) {
    if (route.caller) continue; // signed by the phone system, or by an action link
    const grants = accessMatrix[route.id as StaffRouteId];
    lines.push(`| \`${route.method} ${route.path}\` | ${columns.map(([role]) => ({ ALL: 'all', OWN: 'own' }[grants[role]!] ?? '–')).join(' | ')} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(accessMatrixMarkdown());
