/** A rule of the domain said no. The HTTP layer maps `status`; Step Functions sees `name`. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 503 = 409,
    /** The request field the error is about, when there is one (e.g. body.documentNumber). */
    readonly field?: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** A shared resource is saturated: nothing was written; the caller should retry after a pause. */
export const saturated = (message: string) => new DomainError('Busy', message, 503);

export const notFound = (what: string, id: string) => new DomainError('NotFound', `${what} ${id} does not exist`, 404);
export const forbidden = (message: string) => new DomainError('Forbidden', message, 403);
export const conflict = (message: string) => new DomainError('Conflict', message, 409);
export const invalidField = (field: string, message: string) => new DomainError('InvalidField', message, 400, field);

export interface FieldIssue {
  path: string;
  message: string;
}

/** Input that breaks a rule: every field at fault, with its path (body.x, path.y) and the reason. */
export class ValidationFailed extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'ValidationFailed';
  }
}
