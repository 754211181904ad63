import { describe, expect, it } from 'vitest';
import { checkCustomers, checkPeople, comparableName, nearlySameName, parseRows } from '../../shared/domain/master-data-import.ts';
import { parseCompanyPolicy } from '../../shared/domain/company-policy.ts';
import type { Customer } from '../../shared/domain/model.ts';

const policy = parseCompanyPolicy({});
const header = 'code,name,locale,email,phones,contact_name,contact_role,contact_phone,contact_email,address_line1,address_city,address_province,address_postal_code,address_country';
const row = (code: string, name: string, phone: string, extra = '') =>
  `${code},${name},zh-CN,,${extra},Zhang Wei,Buyer,${phone},,1 Main Road,Shenyang,Liaoning,110000,CN`;

const onFile: Customer = {
  code: 'SY001', name: 'Shenyang Precision Instruments Co.', phones: [], locale: 'zh-CN',
  contacts: [{ name: 'Zhang Wei', phone: '+8613800138000' }], addresses: [{ line1: '1 Main Road', city: 'Shenyang', country: 'CN' }],
};

describe('customer import checks', () => {
  it('accepts complete rows and normalizes every number to E.164', () => {
    const { reports, accepted } = checkCustomers(parseRows('csv', `${header}\n${row('DL003', 'Dalian Harbour Tools', '139 0000 0003', '0411 8888 0003')}`), [], policy);
    expect(reports).toEqual([{ row: 1, key: 'DL003', status: 'ACCEPTED', issues: [] }]);
    expect(accepted[0]!.phones).toEqual(['+8641188880003']);
    expect(accepted[0]!.contacts[0]!.phone).toBe('+8613900000003');
  });

  it('rejects incomplete rows, naming what is missing', () => {
    const csv = `${header}\nDL004,Dalian Fasteners,zh-CN,,,,,,,,,,,CN`;
    const [report] = checkCustomers(parseRows('csv', csv), [], policy).reports;
    expect(report!.status).toBe('REJECTED');
    expect(report!.issues.map((i) => i.field).sort()).toEqual(['addresses', 'contacts']);
  });

  it('rejects a customer too big for one item (contacts, addresses, phones are bounded), naming the list', () => {
    const contacts = Array.from({ length: 51 }, (_, i) => ({ name: `Buyer ${i}`, phone: `1390000${String(1000 + i)}` }));
    const json = [{ code: 'DL010', name: 'Very Many Contacts', contacts, addresses: [{ line1: '1 Road', city: 'Dalian', country: 'CN' }] }];
    const [report] = checkCustomers(parseRows('json', json), [], policy).reports;
    expect(report!.status).toBe('REJECTED');
    expect(report!.issues.map((i) => i.field)).toEqual(['contacts']);
  });

  it('rejects a code off the company pattern, a bad number, and duplicates of code, number and name', () => {
    const rows = parseRows('csv', [
      header,
      row('sy9', 'Lowercase Code Ltd', '139 0000 0009'),
      row('DL005', 'Bad Number Ltd', '12'),
      row('SY001', 'Other Name Entirely', '139 0000 0010'),
      row('DL006', 'Another Buyer', '138 0013 8000'),
      row('DL007', 'Shenyang Precision Instrument Co Ltd', '139 0000 0011'),
      row('DL008', 'Fresh Company', '139 0000 0012'),
      row('DL008', 'Fresh Company Two', '139 0000 0013'),
    ].join('\n'));
    const { reports } = checkCustomers(rows, [onFile], policy);
    expect(reports.map((r) => [r.key, r.status, r.issues.map((i) => i.field)])).toEqual([
      ['sy9', 'REJECTED', ['code']],
      ['DL005', 'REJECTED', ['contacts.0.phone']],
      ['SY001', 'REJECTED', ['code']],
      ['DL006', 'REJECTED', ['phones']],
      ['DL007', 'REJECTED', ['name']],
      ['DL008', 'ACCEPTED', []],
      ['DL008', 'REJECTED', ['code']],
    ]);
  });

  it('reports a row identical to the customer on file as unchanged, so re-imports are harmless', () => {
    const { reports } = checkCustomers([{ ...onFile, contacts: [{ name: 'Zhang Wei', phone: '138 0013 8000' }] }], [onFile], policy);
    expect(reports[0]!.status).toBe('UNCHANGED');
  });
});

describe('near-identical names', () => {
  it('ignores case, spacing, punctuation and legal forms', () => {
    expect(comparableName('Shenyang Precision Instruments Co., Ltd.')).toBe('shenyangprecisioninstruments');
    expect(comparableName('沈阳精密仪器有限公司')).toBe('沈阳精密仪器');
    expect(nearlySameName('沈阳精密仪器有限公司', '沈阳精密仪器公司')).toBe(true);
    expect(nearlySameName('Shenyang Precision Instruments', 'Shenyang Precision Instrument')).toBe(true);
    expect(nearlySameName('Shenyang Precision Instruments', 'Dalian Precision Instruments')).toBe(false);
  });
});

describe('people import checks', () => {
  it('needs known roles, a way to reach the person, and a manager on file or in the batch', () => {
    const rows = parseRows('json', [
      { personId: 'qa.new', name: 'New QA', roles: 'QUALITY_MANAGER', phone: '137 0000 0099', managerId: 'gm.new' },
      { personId: 'gm.new', name: 'New GM', roles: ['GENERAL_MANAGER'], email: 'gm@example.com' },
      { personId: 'nobody', name: 'Unreachable', roles: ['SALES'] },
      { personId: 'x.role', name: 'Wrong Role', roles: ['CEO'], email: 'x@example.com' },
      { personId: 'orphan', name: 'Orphan', roles: ['SALES'], email: 'o@example.com', managerId: 'ghost' },
    ]);
    const { reports, accepted } = checkPeople(rows, [], policy);
    expect(reports.map((r) => [r.key, r.status, r.issues.map((i) => i.field)])).toEqual([
      ['qa.new', 'ACCEPTED', []],
      ['gm.new', 'ACCEPTED', []],
      ['nobody', 'REJECTED', ['phone']],
      ['x.role', 'REJECTED', ['roles.0']],
      ['orphan', 'REJECTED', ['managerId']],
    ]);
    expect(accepted[0]!.phone).toBe('+8613700000099');
  });

  it('updates a person on file by id, refuses the same id twice and ids that differ only in case', () => {
    const onFile = [{ personId: 'wang.fang', name: 'Wang Fang', roles: ['SERVICE_AGENT' as const], email: 'w@example.com', locale: 'zh-CN' as const, channels: ['EMAIL' as const], active: true }];
    const rows = parseRows('json', [
      { personId: 'wang.fang', name: 'Wang Fang', roles: ['SERVICE_MANAGER'], email: 'w@example.com', channels: ['EMAIL'], active: false },
      { personId: 'Wang.Fang', name: 'Impostor', roles: ['MASTER_DATA_ADMIN'], email: 'evil@example.com' },
      { personId: 'li.new', name: 'Li', roles: ['SALES'], email: 'l@example.com' },
      { personId: 'LI.NEW', name: 'Li again', roles: ['SALES'], email: 'l2@example.com' },
      { personId: 'li.new', name: 'Li twice', roles: ['SALES'], email: 'l3@example.com' },
    ]);
    const { reports, accepted } = checkPeople(rows, onFile, policy);
    expect(reports.map((r) => [r.key, r.status])).toEqual([
      ['wang.fang', 'UPDATED'], ['Wang.Fang', 'REJECTED'], ['li.new', 'ACCEPTED'], ['LI.NEW', 'REJECTED'], ['li.new', 'REJECTED'],
    ]);
    expect(accepted.map((p) => [p.personId, p.active])).toEqual([['wang.fang', false], ['li.new', true]]);
    // A role named twice is one role (it would otherwise be written twice in one transaction).
    expect(checkPeople(parseRows('csv', 'personId,name,roles,email\nx.y,X,SALES|SALES,x@example.com\n'), [], policy).accepted[0]!.roles).toEqual(['SALES']);
  });

  it('gives a desk extension to one active person only (their calls pop up on that console)', () => {
    const onFile = parseRows('json', [{ personId: 'agent.a', name: 'A', roles: ['SERVICE_AGENT'], email: 'a@example.com', extension: '8001' }])
      .map((r) => checkPeople([r], [], policy).accepted[0]!);
    const rows = parseRows('csv', 'personId,name,roles,email,extension\nagent.b,B,SERVICE_AGENT,b@example.com,8001\nagent.c,C,SERVICE_AGENT,c@example.com,8002\nagent.d,D,SERVICE_AGENT,d@example.com,8002\nagent.e,E,SERVICE_AGENT,e@example.com,80 01\n');
    const { reports } = checkPeople(rows, onFile, policy);
    expect(reports.map((r) => [r.key, r.status, r.issues[0]?.field])).toEqual([
      ['agent.b', 'REJECTED', 'extension'], ['agent.c', 'ACCEPTED', undefined], ['agent.d', 'REJECTED', 'extension'], ['agent.e', 'REJECTED', 'extension'],
    ]);
    expect(checkPeople(rows.slice(0, 1), [{ ...onFile[0]!, active: false }], policy).reports[0]!.status).toBe('ACCEPTED');
    // Extensions move and swap within one import.
    const two = [onFile[0]!, { ...onFile[0]!, personId: 'agent.z', email: 'z@example.com', extension: '8009' }];
    const swap = parseRows('csv', 'personId,name,roles,email,extension\nagent.a,A,SERVICE_AGENT,a@example.com,8009\nagent.z,A,SERVICE_AGENT,z@example.com,8001\nagent.n,N,SERVICE_AGENT,n@example.com,8001\n');
    expect(checkPeople(swap, two, policy).reports.map((r) => [r.key, r.status])).toEqual([['agent.a', 'UPDATED'], ['agent.z', 'UPDATED'], ['agent.n', 'REJECTED']]);
  });
});
