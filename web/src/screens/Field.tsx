import type { ReactNode } from 'react';

/** The props a form control gets from its Field: its id and, when refused, what says why. */
export type ControlProps = { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string; 'aria-required'?: true };

/**
 * A labelled form control with what was refused about it shown on the field (the API's issues,
 * or the form's own check of the company's required fields), tied to it for screen readers.
 */
export function Field({ id, label, error, required, children }: {
  id: string; label: string; error?: string; required?: boolean; children: (props: ControlProps) => ReactNode;
}) {
  return (
    <>
      <label htmlFor={id}>{label}{required && <span aria-hidden="true"> *</span>}</label>
      {children({ id, ...(required ? { 'aria-required': true } : {}), ...(error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {}) })}
      {error && <p id={`${id}-error`} className="error field-error">{error}</p>}
    </>
  );
}
