import { describe, expect, it } from 'vitest';
import { recipientsFor } from '../../shared/domain/routing.ts';
import type { Person } from '../../shared/domain/model.ts';

const person = (personId: string, extra: Partial<Person> = {}): Person => ({
  personId, name: personId, roles: ['GENERAL_MANAGER'], locale: 'en', channels: ['SMS', 'EMAIL'],
  phone: '+8613700000000', email: `${personId}@example.com`, active: true, ...extra,
});

describe('routing', () => {
  it('gives one recipient per person and accepted channel', () => {
    expect(recipientsFor([person('a'), person('b', { channels: ['EMAIL'] })])).toEqual([
      { personId: 'a', channel: 'SMS' }, { personId: 'a', channel: 'EMAIL' }, { personId: 'b', channel: 'EMAIL' },
    ]);
  });

  it('skips channels a person cannot be reached on and people listed twice', () => {
    const noPhone = person('c', { phone: undefined });
    expect(recipientsFor([noPhone, noPhone])).toEqual([{ personId: 'c', channel: 'EMAIL' }]);
  });
});
