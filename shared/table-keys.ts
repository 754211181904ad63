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
    /*
     * The work queues and reports read projections (a complaint's VIEW, a task's TASKVIEW), which
     * the stream consumer keeps in line with the complaint's items (shared/services/projections.ts).
     * Each index is sparse: an item is in it only while it belongs in that queue.
     */
    /**
     * Open complaints by urgency, most pressing deadline first: `OPEN#<urgency>` → `<dueAt>#<id>`;
     * and emails waiting for an agent, oldest first: `INBOX#<state>` → `<receivedAt>#<id>`.
     */
    byQueue: { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    /** What falls due: complaints by the moment they become at risk, open tasks by deadline, follow-ups by next step. */
    byDeadline: { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
    /** Whose move it is: a person's open tasks, a salesperson's responses waiting for confirmation. */
    byOwner: { name: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK' },
    /** Complaints by the month they were received (the reports' lists): `RECEIVED#<yyyy-mm>` → `<receivedAt>#<id>`. */
    byPeriod: { name: 'GSI5', partitionKey: 'GSI5PK', sortKey: 'GSI5SK' },
    /** One customer's complaints, newest first, as projections: `CUSTOMER#<code>` → `<receivedAt>#<id>`. */
    byCustomer: { name: 'GSI6', partitionKey: 'GSI6PK', sortKey: 'GSI6SK' },
    /** A salesperson's open complaints (their orders'), most pressing deadline first: `SALES#<personId>` → `<dueAt>#<id>`. */
    bySalesperson: { name: 'GSI7', partitionKey: 'GSI7PK', sortKey: 'GSI7SK' },
  },
} as const;

export const key = {
  customer: (code: string) => ({ PK: `CUSTOMER#${code}`, SK: 'PROFILE' }),
  phone: (e164: string) => `PHONE#${e164}`,
  /** Customers behind an email address (their own or a contact's): who sent an inbound email. */
  email: (address: string) => `EMAIL#${address.toLowerCase()}`,
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
  /** The latest call at a desk extension, with its screen pop: what the agent's console shows. */
  extensionCall: (extension: string) => ({ PK: `EXTENSION#${extension}`, SK: 'CALL' }),
  idempotency: (scope: string, idemKey: string) => ({ PK: `IDEMPOTENCY#${scope}#${idemKey}`, SK: 'IDEMPOTENCY' }),
  /** The complaint as the queues and reports see it (written only by the projection consumer). */
  complaintView: (complaintId: string) => ({ PK: `COMPLAINT#${complaintId}`, SK: 'VIEW' }),
  /** A task as the queues see it, with what a list row needs of its complaint. */
  taskView: (complaintId: string, taskId: string) => ({ PK: `COMPLAINT#${complaintId}`, SK: `TASKVIEW#${taskId}` }),
  /** A report's pre-aggregated counts: one partition per report and month, one item per row. */
  reportCounter: (report: string, month: string, row: string) => ({ PK: `REPORT#${report}#${month}`, SK: row }),
  reportScope: (report: string, month: string) => `REPORT#${report}#${month}`,
  /**
   * An email that reached the intake address (its id is also the reference the sender is given,
   * EM-…), with what became of it; its log of acknowledgements beside it.
   */
  inboundEmail: (inboundId: string) => ({ PK: `INBOUND#${inboundId}`, SK: 'EMAIL' }),
  inboundDelivery: (inboundId: string, dedupeKey: string) => ({ PK: `INBOUND#${inboundId}`, SK: `DELIVERY#${dedupeKey}` }),
  /**
   * An email we sent, by the id SES gave it (the local part of its Message-ID): a customer's reply
   * names it in In-Reply-To, which threads the reply onto the complaint.
   */
  sentEmail: (messageId: string) => ({ PK: `OUTMAIL#${messageId}`, SK: 'COMPLAINT' }),
  /** The email intake queues on the byQueue index (GSI2): `INBOX#PENDING` / `INBOX#SET_ASIDE` → `<receivedAt>#<id>`. */
  inboxQueue: (state: 'PENDING' | 'SET_ASIDE') => `INBOX#${state}`,
  /** Written with the effect of a signed action link: the link cannot be used twice. */
  actionLinkUse: (useKey: string) => ({ PK: `ACTIONLINK#${useKey}`, SK: 'USED' }),
} as const;
