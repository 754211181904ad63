import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessMatrixMarkdown } from '../../infra/access-matrix.ts';
import { accessMatrix } from '../../shared/api/access.ts';
import { routes } from '../../infra/routes.ts';

describe('access matrix', () => {
  it('has a row for every staff route, and the README shows exactly it', () => {
    expect(Object.keys(accessMatrix).sort()).toEqual(routes.filter((r) => !r.caller).map((r) => r.id).sort());
    expect(readFileSync('README.md', 'utf8')).toContain(accessMatrixMarkdown());
  });
});
