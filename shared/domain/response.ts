import type { Complaint, ComplaintTask } from './model.ts';

/**
 * The first draft of the formal response: what was reported, what was done (each task with its
 * notes), and the customer's requirements answered. Quality edits it if sales reject it.
 */
export function draftResponse(complaint: Complaint, tasks: readonly ComplaintTask[]): string {
  const done = tasks
    .filter((t) => t.status === 'DONE')
    .map((t) => `- ${t.title}: ${t.notes ?? ''}`.trimEnd())
    .join('\n');
  return [
    `Dear ${complaint.customerName},`,
    '',
    `Regarding complaint ${complaint.complaintId} about ${complaint.productName}` +
      (complaint.serialNumber ? ` (serial ${complaint.serialNumber})` : '') +
      ` delivered with ${complaint.documentNumber}: "${complaint.description}".`,
    '',
    'What we did:',
    done || '- (no tasks recorded)',
    ...(complaint.customerRequirements ? ['', `Your requirements: ${complaint.customerRequirements}`] : []),
    '',
    'Kind regards,',
    'Customer Service',
  ].join('\n');
}
