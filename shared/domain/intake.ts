import type { CompanyPolicy, IntakeField } from './company-policy.ts';
import type { FieldIssue } from './errors.ts';
import type { SalesDocument } from './model.ts';

/** Every field the company requires that the agent left empty, as 400-ready issues. */
export function missingRequiredFields(input: Partial<Record<IntakeField | 'description', unknown>>, policy: CompanyPolicy): FieldIssue[] {
  const issues: FieldIssue[] = policy.requiredFields
    .filter((field) => input[field] === undefined || String(input[field]).trim() === '')
    .map((field) => ({ path: `body.${field}`, message: 'required by company policy' }));
  const description = String(input.description ?? '').trim();
  if (description.length < policy.descriptionMinLength) {
    issues.unshift({ path: 'body.description', message: `describe the problem in at least ${policy.descriptionMinLength} characters` });
  }
  return issues;
}

/**
 * Markers of "an open complaint exists for this": the customer with the same document, and with
 * the same serial number (a second delivery of the same unit is still the same unit).
 */
export function openCaseKeys(doc: Pick<SalesDocument, 'customerCode' | 'number' | 'serialNumber'>): string[] {
  return [`${doc.customerCode}#DOC#${doc.number}`, ...(doc.serialNumber ? [`${doc.customerCode}#SERIAL#${doc.serialNumber}`] : [])];
}
