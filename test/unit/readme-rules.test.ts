import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rules, defaultRules } from '../../shared/domain/rules.ts';

/**
 * The README's rules example is what a company would PUT: the shipped defaults plus holidays,
 * make-up workdays and one watcher, as the README says — and nothing else, so following it never
 * surprises anyone (an example that silently differed once left a plan announced to nobody).
 */
describe("the README's rules example", () => {
  it('is valid, and the shipped defaults plus exactly the additions it names', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('an **example to `PUT`**'));
    const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(json).toBeDefined();
    const example = Rules.parse(JSON.parse(json!));
    const expected = structuredClone(defaultRules);
    expected.calendar.holidays = ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'];
    expected.calendar.makeUpWorkdays = ['2026-09-27', '2026-10-10'];
    expected.routing[0] = { ...expected.routing[0]!, watchers: ['service.zhao'] };
    expect(example).toEqual(expected);
    expect(defaultRules.calendar.holidays).toEqual([]);
    expect(defaultRules.routing.flatMap((r) => r.watchers ?? [])).toEqual([]);
  });
});
