/**
 * The single table's key schema, defined once. infra/ derives the table and its indexes from
 * this object; shared/store builds every key through the helpers below, so a key shape cannot
 * drift between the table definition and the code that reads it.
 */
export const tableKeys = {
  partitionKey: 'PK',
  sortKey: 'SK',
  indexes: {
    /** Secondary look-ups: customer by phone, person by role, customer's documents and complaints. */
    byLookup: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  },
} as const;

export const key = {
  customer: (code: string) => ({ PK: `CUSTOMER#${code}`, SK: 'PROFILE' }),
  phone: (e164: string) => `PHONE#${e164}`,
  customerScope: (code: string) => `CUSTOMER#${code}`,
  /** How the customer wants responses: built-in letter, 8D report, or their own DOCX template. */
  responseFormat: (customerCode: string) => ({ PK: `CUSTOMER#${customerCode}`, SK: 'RESPONSE_FORMAT' }),
  document: (number: string) => ({ PK: `DOC#${number}`, SK: 'DOC' }),
  person: (id: string) => ({ PK: `PERSON#${id}`, SK: 'PROFILE' }),
  /** What the person's sign-in account was last brought in line with (a digest of the record). */
  personAccount: (id: string) => ({ PK: `PERSON#${id}`, SK: 'ACCOUNT' }),
  role: (role: string) => `ROLE#${role}`,
  complaint: (id: string) => ({ PK: `COMPLAINT#${id}`, SK: 'COMPLAINT' }),
  complaintScope: (id: string) => `COMPLAINT#${id}`,
  /** The complaint's corrective and preventive action (CAPA), one versioned item. */
  capa: (complaintId: string) => ({ PK: `COMPLAINT#${complaintId}`, SK: 'CAPA' }),
  task: (complaintId: string, taskId: string) => ({ PK: `COMPLAINT#${complaintId}`, SK: `TASK#${taskId}` }),
  event: (complaintId: string, at: string, seq: string) => ({
    PK: `COMPLAINT#${complaintId}`,
    SK: `EVENT#${at}#${seq}`,
  }),
  delivery: (complaintId: string, dedupeKey: string) => ({
    PK: `COMPLAINT#${complaintId}`,
    SK: `DELIVERY#${dedupeKey}`,
  }),
  counter: (name: string) => ({ PK: `COUNTER#${name}`, SK: 'COUNTER' }),
  /** A complaint number of the year that was taken but not used, for the next creation to use. */
  releasedNumber: (year: number, n: number) => ({ PK: `COUNTER#COMPLAINT#${year}`, SK: `FREE#${String(n).padStart(9, '0')}` }),
  releasedNumbersScope: (year: number) => `COUNTER#COMPLAINT#${year}`,
  /** How far the sweep for numbers lost in a crash has checked the year (see complaint-numbers.ts). */
  numberSweep: (year: number) => ({ PK: `COUNTER#COMPLAINT#${year}`, SK: 'SWEEP' }),
  /** Held while a complaint about this customer + document/serial is open. */
  openCase: (openKey: string) => ({ PK: `OPEN#${openKey}`, SK: 'OPEN' }),
  call: (callId: string, event: string) => ({ PK: `CALL#${callId}`, SK: `EVENT#${event}` }),
  idempotency: (scope: string, idemKey: string) => ({ PK: `IDEMPOTENCY#${scope}#${idemKey}`, SK: 'IDEMPOTENCY' }),
  /** Written with the effect of a signed action link: the link cannot be used twice. */
  actionLinkUse: (useKey: string) => ({ PK: `ACTIONLINK#${useKey}`, SK: 'USED' }),
} as const;
