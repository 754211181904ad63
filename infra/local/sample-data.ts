import type { Customer, Person, SalesDocument } from '../../shared/domain/model.ts';

/**
 * The seed's example company: a customer who bought laptops, the delivery note of the shipment
 * that arrived with a white line across the screen, and the people who handle the complaint.
 */
export const sampleCustomers: Customer[] = [
  { code: 'SY001', name: 'Shenyang Precision Instruments Co.', phones: ['+8613800138000', '+862488880001'], email: 'purchasing@sy-precision.example', locale: 'zh-CN' },
  { code: 'BJ002', name: 'Beijing Northwind Trading Ltd.', phones: ['+8613911112222'], email: 'ops@northwind.example', locale: 'en' },
];

export const sampleDocuments: SalesDocument[] = [
  { number: 'DN-2026-0815', kind: 'DELIVERY_NOTE', customerCode: 'SY001', productCode: 'LT-14P', productName: 'ThinkBook 14 Pro laptop',
    serialNumber: 'SN-LT14P-77001', shipDate: '2026-10-30', warrantyMonths: 24, salespersonId: 'sales.li' },
  { number: 'SO-2026-1002', kind: 'ORDER', customerCode: 'BJ002', productCode: 'MN-27', productName: '27-inch monitor',
    serialNumber: 'SN-MN27-12001', shipDate: '2024-01-15', warrantyMonths: 12, salespersonId: 'sales.li' },
];

const person = (p: Omit<Person, 'locale' | 'channels'> & Partial<Pick<Person, 'locale' | 'channels'>>): Person =>
  ({ locale: 'zh-CN', channels: ['SMS', 'EMAIL'], ...p });

export const samplePeople: Person[] = [
  person({ personId: 'agent.wang', name: 'Wang Fang', roles: ['SERVICE_AGENT'], phone: '+8613700000001', email: 'wang.fang@example.com', channels: ['EMAIL'], managerId: 'service.zhao' }),
  person({ personId: 'service.zhao', name: 'Zhao Lei', roles: ['SERVICE_MANAGER'], phone: '+8613700000002', email: 'zhao.lei@example.com', managerId: 'gm.chen' }),
  person({ personId: 'quality.liu', name: 'Liu Yang', roles: ['QUALITY_MANAGER'], phone: '+8613700000003', email: 'liu.yang@example.com', managerId: 'gm.chen' }),
  person({ personId: 'sales.li', name: 'Li Na', roles: ['SALES', 'SALES_MANAGER'], phone: '+8613700000004', email: 'li.na@example.com', managerId: 'gm.chen' }),
  person({ personId: 'purchasing.sun', name: 'Sun Qiang', roles: ['PURCHASING_MANAGER'], phone: '+8613700000005', email: 'sun.qiang@example.com', channels: ['EMAIL'], managerId: 'gm.chen' }),
  person({ personId: 'gm.chen', name: 'Chen Jie', roles: ['GENERAL_MANAGER'], phone: '+8613700000006', email: 'chen.jie@example.com', locale: 'en', channels: ['SMS'] }),
  person({ personId: 'tech.zhou', name: 'Zhou Min', roles: ['TASK_ASSIGNEE'], phone: '+8613700000007', email: 'zhou.min@example.com', managerId: 'quality.liu' }),
];

/** Write the sample master data (idempotent: plain puts). Imported after the environment is set. */
export async function seedSampleData(): Promise<void> {
  const { putCustomer, putDocument, putPerson } = await import('../../shared/store/master-data.ts');
  for (const c of sampleCustomers) await putCustomer(c);
  for (const d of sampleDocuments) await putDocument(d);
  for (const p of samplePeople) await putPerson(p);
}
