/** One validation problem: shown in the error summary (linked by href) and above its field. */
export interface FieldError {
  field: string;
  text: string;
  href: string;
}
