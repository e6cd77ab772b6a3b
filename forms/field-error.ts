/** One validation problem: shown in the error summary (linked by href) and above its field. */
export interface FieldError {
  field: string;
  text: string;
  href: string;
  /** The message above the field when the summary's text carries extra context (a row label). */
  inline?: string;
}
