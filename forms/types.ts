import type { Translate } from '../locales';

/**
 * Form definitions are plain data: steps list fields, fields list their rules. Labels, hints,
 * help texts and option labels come from the locale files by convention:
 *   <form prefix>.<step id>.<field id>.label | .hint | .help | .option.<value>
 * (a group's own fields: <prefix>.<step id>.<group id>.<field id>.label …; a group's rows:
 * .rowLabel, .add, .remove, .removed). A step: .title, .intro, .statement, and .when for a step
 * shown only given an answer still to come.
 */

export type ScalarFieldType =
  | 'text'
  | 'textarea'
  | 'amount'
  | 'integer'
  | 'date'
  | 'yearMonth'
  | 'personnummer'
  | 'postalCode'
  | 'phone'
  | 'email'
  | 'yesNo'
  | 'radios'
  | 'checkboxes'
  | 'select'
  /** A choice of months (YYYY-MM), shown as radios labelled in words ("december 2026"). */
  | 'month';

/**
 * Show a field or step only when another answer has one of the given values (`in`), or only while
 * it has none of them (`notIn`: the incomes while "there are no incomes" is not ticked). `step`
 * names another step (evaluated on the server from saved answers); without it the field is in the
 * same step or group row (evaluated on the server when posted, and live in the browser when JS
 * runs).
 */
export type AnswerCondition = {
  step?: string;
  field: string;
} & ({ in: readonly string[] } | { notIn: readonly string[] });

/**
 * Show a field only for someone younger than `youngerThan` years on the first day of the month
 * applied for: `personnummer` names a personnummer field in the same step or group row, `month`
 * the answer (YYYY-MM) on another step. Decided on the server; while the personnummer cannot be
 * read yet, the page shows the field and the check does not ask for it.
 */
export interface AgeCondition {
  personnummer: string;
  youngerThan: number;
  month: { step: string; field: string };
}

export type Condition = AnswerCondition | AgeCondition;

export interface ScalarField {
  id: string;
  type: ScalarFieldType;
  optional?: boolean;
  options?: readonly string[];
  /**
   * Options that depend on the day or on other answers (the months one may apply for), computed
   * when the step is shown and again when it is checked. Takes the place of `options`.
   */
  optionsFrom?: (context: StepContext) => readonly string[];
  /** Upper bound: characters for text, whole number for integer, kronor for amount. */
  max?: number;
  min?: number;
  showIf?: Condition;
  /** Narrow inputs for short answers such as postal codes. */
  width?: 'short' | 'medium';
  autocomplete?: string;
}

export interface GroupField {
  id: string;
  type: 'group';
  fields: readonly ScalarField[];
  min: number;
  max: number;
  showIf?: Condition;
  /** The row field whose answer names a row quoted alone ("Kostnad 2 (Hushållsel)"): see row-kind.ts. */
  titleField?: string;
}

export type Field = ScalarField | GroupField;

export interface StepContext {
  /** Today in the municipality's time zone, as YYYY-MM-DD. */
  today: string;
  values: DraftValues;
}

export interface StepRuleError {
  field: string;
  /** Group row, when the error belongs to one field of one row. */
  row?: number;
  rowField?: string;
  message: string;
  values?: Record<string, string | number>;
}

export interface Step {
  id: string;
  fields: readonly Field[];
  showIf?: Condition;
  /**
   * While this holds (a condition on another step), the step's texts are read from
   * `<step>.<text>.<name>` where there is one: the intro that names the medsökande only when
   * there is one.
   */
  textVariant?: { name: string; showIf: Condition };
  /** A logged-in applicant may attach files (PDF or photos) to the application on this step. */
  uploads?: boolean;
  /** Rules across fields or steps; run only when every field on its own is valid. */
  rules?: (values: StepValues, context: StepContext) => StepRuleError[];
}

export interface FormDefinition {
  id: string;
  version: number;
  /** The form's address: /ansokan/<slug>/… */
  slug: string;
  /** Prefix of this form's keys in the locale files. */
  messagePrefix: string;
  steps: readonly Step[];
  hooks: FormHooks;
}

/** Who applies together with the applicant; the personnummer as 12 digits. */
export interface CoApplicant {
  name: string;
  personnummer: string;
}

export interface Declaration {
  title: string;
  text: string;
  stepId?: string;
}

/** A row of a preliminary calculation, ready to show. */
export interface EstimateRow {
  label: string;
  value: string;
  total?: boolean;
}

export interface EstimateView {
  title: string;
  rows: EstimateRow[];
  /** What the reader must know about the figures: source, year, what the caseworker decides. */
  notes: string[];
}

/** One thing a decision grants or refuses: the household's norm, or one cost applied for. */
export interface AppliedPart {
  /** Stable within the application: 'riksnorm', 'kostnad-0', … */
  id: string;
  /** As the caseworker and the letter name it; may hold the applicant's own words. */
  label: string;
  kind: 'norm' | 'cost';
  appliedOre: number;
}

/** The household as the norm counts it, for the caseworker deciding. */
export interface CountedHousehold {
  adults: number;
  /** Two adults who are married or sambo (the norm's couple amount). */
  couple: boolean;
  /** Each child's age on `firstOfMonth`, in the order the applicant named them. */
  childAges: number[];
  /** Everyone in the home, this household included: they share the common costs. */
  personsInHome: number;
  /** YYYY-MM-DD: the day the norm counts the ages on, the first of the month applied for. */
  firstOfMonth: string;
}

/** What a decision weighs: the parts applied for, the month's income, notes on the norm. */
export interface DecisionBasis {
  parts: AppliedPart[];
  /** Who the norm is for, where the form has a norm. */
  household?: CountedHousehold;
  incomeOre: number;
  /** The month's incomes one by one (what, whose, how much); they add up to `incomeOre`. */
  incomes: { label: string; amountOre: number }[];
  /** For the caseworker: which table, how far to trust it, what the estimate could not know. */
  notes: string[];
  /** For the applicant's letter: what the norm is and how the household was counted. */
  letterNotes: string[];
}

export interface ChecklistItem {
  label: string;
  enclosed: boolean;
  /** The answers say the caseworker will need it (e.g. wage slips for an answered wage). */
  needed?: boolean;
  /** A stable name for the item (a caseworker marks it as missing by it). */
  id?: string;
}

/**
 * What a form knows about itself beyond its questions. Each hook reads the shown answers only
 * (see answers.ts) and returns text in the language of the given translator.
 */
export interface FormHooks {
  /** The heading of the review page's printout and the PDF, e.g. with the period applied for. */
  title(answers: DraftValues, t: Translate): string;
  /** The PDF's file name, without directories. */
  fileName(answers: DraftValues): string;
  /** Who signs the paper: one line each. */
  signers(answers: DraftValues): string[];
  /**
   * The person who applies together with the applicant and signs too (a spouse or partner), when
   * the answers name one: sent electronically, they confirm with their own login.
   */
  coApplicant?(answers: DraftValues): CoApplicant | undefined;
  /** What the signers confirm; `stepId` is the step where one confirms it electronically. */
  declaration?(t: Translate): Declaration;
  estimate?(answers: DraftValues, t: Translate): EstimateView;
  attachments?(answers: DraftValues, t: Translate): ChecklistItem[];
  /**
   * Steps whose answers a new application copies from the applicant's previous one, for
   * forms sent again every month; the applicant goes through each and changes what changed.
   */
  carriedOver?: readonly string[];
  /**
   * Answers in the rows of a carried-over step that belong to one month alone and are left out,
   * as "<stepId>.<groupId>.<fieldId>": a bill's due date last month is wrong for this one, so the
   * applicant is asked again instead of sending last month's date unnoticed.
   */
  notCarriedOver?: readonly string[];
  /**
   * Answers (paths "<stepId>.<fieldId>") a completion request may not change: who applies, with
   * whom and for which month. Another answer there is another application, not a correction.
   */
  fixedAfterSending?: readonly string[];
  /** Where the form asks for the applicant's own personnummer: filled in and checked for a logged-in applicant. */
  applicantIdentity?: {
    stepId: string;
    personnummerField: string;
    /** Filled in from the account too, for the applicant to change if need be. */
    firstNameField?: string;
    lastNameField?: string;
    phoneField?: string;
  };
  /**
   * Who and what the paper is about, on every page's foot: name, personnummer, month. The
   * first part is shortened when the line would not fit on one.
   */
  pageFooter?(answers: DraftValues, t: Translate): string[];
  /** The month applied for (YYYY-MM), for forms sent month by month: the inbox shows it. */
  period?(answers: DraftValues): string | undefined;
  /** How many people the application is for: the inbox shows it. */
  householdSize?(answers: DraftValues): number;
  /** The norm and the costs applied for, each to be granted or refused by a decision. */
  decisionBasis?(answers: DraftValues, t: Translate): DecisionBasis;
  /** The applicant's postal address, a line each (street, postal code and town); [] if none. */
  postalAddress?(answers: DraftValues): string[];
}

/** What the user typed, exactly, so nothing is ever lost. */
export type FieldInput = string | string[];
export type GroupInput = Record<string, FieldInput>[];
export type StepInput = Record<string, FieldInput | GroupInput>;

/** Normalised answers: öre as integers, personnummer as 12 digits, dates as YYYY-MM-DD. */
export type FieldValue = string | number | string[];
export type GroupValue = Record<string, FieldValue>[];
export type StepValues = Record<string, FieldValue | GroupValue>;
export type DraftValues = Record<string, StepValues>;

export interface Draft {
  formId: string;
  formVersion: number;
  input: Record<string, StepInput>;
  /** Present for a step only when its last save was valid: the step is complete. */
  values: DraftValues;
  /** The row removed last, as it was typed, so "Ångra" can put it back: nothing typed is lost. */
  removedRow?: RemovedRow;
}

export interface RemovedRow {
  stepId: string;
  groupId: string;
  index: number;
  row: GroupInput[number];
}
