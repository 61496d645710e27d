// The knowledge-base model: one Entry per markdown file in knowledge/.

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/**
 * One condition of a signature. Exactly one selector key is set; `weight` (default 1) is
 * added to the entry's score when it matches.
 */
export interface Condition {
  /** Literal substring of the primary headline's text. The only selector that gives `high`. */
  headline?: string;
  /** RE2 pattern on the primary headline's text. */
  headlinePattern?: string;
  /** Literal substring of any headline, nested and inferred ones included. */
  anyHeadline?: string;
  /** Literal substring of a note line (not a goroutine header, not a frame). */
  line?: string;
  /** RE2 pattern on note lines. */
  linePattern?: string;
  /** Prefix of a function name in the crashing goroutine (all goroutines when none crashed). */
  frame?: string;
  /** Prefix of a function name in any goroutine, race stack or profile group. */
  anyFrame?: string;
  /** Signal name, e.g. `SIGSEGV`. */
  signal?: string;
  /** Count goroutines that match every given field; compare the count with min/max. */
  goroutines?: { state?: string; frame?: string; isLockedToThread?: boolean };
  /** A named numeric fact of the report (see src/classify/facts.ts); compare with min/max. */
  fact?: string;
  min?: number;
  max?: number;
  weight?: number;
}

export interface Signature {
  /** Report kinds the entry applies to; empty means any kind. */
  kinds: string[];
  when: Condition[];
  /** Any match here rules the entry out for that report. */
  unless: Condition[];
  /** Score needed to become a candidate (default 3). */
  minScore: number;
  /** Cap on confidence for causes a paste can never prove (default high). */
  maxConfidence: 'high' | 'medium';
}

/** A Go bug fixed in a release: the paste's Go version decides whether it applies. */
export interface GoBug {
  issue: number;
  /** First affected release, e.g. `go1.24.0`. */
  introduced: string;
  /** First release with the fix, e.g. `go1.24.3`. */
  fixed?: string;
}

export interface Source {
  title: string;
  url?: string;
}

export interface Fix {
  title: string;
  note: string;
  before: string;
  after: string;
}

/** One row of the comparison table; every entry uses the same four columns. */
export interface Workaround {
  workaround: string;
  removesCause: string;
  cost: string;
  whenToChoose: string;
}

export interface Entry {
  id: string;
  title: string;
  summary: string;
  severity: Severity;
  tags: string[];
  /** Search keywords beyond title and tags (error texts, function names, slang). */
  keywords: string[];
  goBug?: GoBug;
  signature: Signature;
  sources: Source[];
  symptoms: string;
  cause: string;
  fixes: Fix[];
  workarounds: Workaround[];
  /** Markdown list items: commands that confirm the diagnosis or the fix. */
  verify: string[];
  references: string;
  /** Path of the markdown file, for error messages. */
  file: string;
}

export const WORKAROUND_COLUMNS = [
  'Workaround',
  'Removes the cause?',
  'Cost',
  'When to choose it',
] as const;
