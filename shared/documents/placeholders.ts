/**
 * The placeholders a customer's own DOCX template may use, defined once: template validation
 * (template.ts), filling, the built-in layouts, the type of the response's content
 * (response-content.ts derives it from these lists) and the docs all read them from here.
 *
 * In a template a field is written `{customerName}`; a list is a loop,
 * `{#preventiveActions}{description} – {owner}, {dueDate}{/preventiveActions}` (put the loop tags in a
 * table row to get one row per item). Every value is text already formatted in the customer's
 * language (dates as the company writes them, labels translated); a value the complaint does not
 * have is empty. A field may also be a condition: `{#serialNumber}S/N {serialNumber}{/serialNumber}`
 * prints only when there is one, `{^serialNumber}…{/serialNumber}` only when there is none.
 */

export const FIELDS = {
  complaintId: 'The complaint number, e.g. CMP-2026-000007',
  customerName: 'The customer\'s name as in master data',
  customerCode: 'The customer\'s code as in master data, e.g. SY001',
  contactName: 'The customer\'s contact who complained (empty when not recorded)',
  productName: 'The product complained about',
  productCode: 'The product\'s code',
  serialNumber: 'The serial number of the unit (empty when not recorded)',
  documentNumber: 'The order or delivery note the product came with',
  receivedDate: 'The day the complaint was received',
  description: 'The problem as the customer reported it',
  customerRequirements: 'What the customer asked for (empty when nothing)',
  containment: 'What was done at once to contain the problem (CAPA)',
  rootCauseCategory: 'The root cause category (5M+E) in the customer\'s language, e.g. 方法 / Method',
  rootCause: 'The root cause found',
  correctiveAction: 'The corrective action chosen',
  responseDate: 'The day of the response',
  letterText: 'The whole response letter as the quality manager last edited it (line breaks kept)',
} as const;

export const LOOPS = {
  preventiveActions: {
    description: 'The preventive actions of the CAPA, in order',
    fields: {
      id: 'The action\'s id, e.g. PA1',
      description: 'What prevents a recurrence',
      owner: 'Who carries the action out',
      dueDate: 'When it is due',
      status: 'Planned, implemented or verified, in the customer\'s language',
      implementedDate: 'When it was marked implemented (empty until then)',
      verifiedBy: 'Who verified it (empty until verified)',
      verifiedDate: 'When it was verified (empty until verified)',
    },
  },
  tasks: {
    description: 'The tasks of the handling plan, in order',
    fields: {
      title: 'What the task was',
      assignee: 'Who it was assigned to',
      dueDate: 'When it was due',
      completedDate: 'When it was done (empty while open)',
      notes: 'What was done, as recorded when it was closed',
    },
  },
  team: {
    description: 'The people who worked on the complaint (8D D1): the plan\'s author, the assignees, the action owners and verifiers',
    fields: {
      name: 'The person\'s name',
    },
  },
} as const;

export type FieldName = keyof typeof FIELDS;
export type LoopName = keyof typeof LOOPS;
export type LoopItem<L extends LoopName> = { [F in keyof (typeof LOOPS)[L]['fields']]: string };

export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];
export const LOOP_NAMES = Object.keys(LOOPS) as LoopName[];

export const isFieldName = (name: string): name is FieldName => Object.hasOwn(FIELDS, name);
export const isLoopName = (name: string): name is LoopName => Object.hasOwn(LOOPS, name);

/** Every placeholder as a flat list (`preventiveActions.owner` for a loop's field), for docs and OpenAPI. */
export function placeholderList(): { name: string; description: string }[] {
  return [
    ...FIELD_NAMES.map((name) => ({ name, description: FIELDS[name] })),
    ...LOOP_NAMES.flatMap((loop) => [
      { name: loop, description: `${LOOPS[loop].description} (a loop: {#${loop}}…{/${loop}})` },
      ...Object.entries(LOOPS[loop].fields).map(([field, description]) => ({ name: `${loop}.${field}`, description })),
    ]),
  ];
}
