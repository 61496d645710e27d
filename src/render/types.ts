// The platform-neutral reply: what adapters and the CLI format for people.
import type { Confidence } from '../diagnose/types.js';

/** Inline markdown (backticks, **bold**, [links](url)); adapters convert it to their dialect. */
export type Inline = string;

export interface ReplyFix {
  title: string;
  note: Inline;
  before: string;
  after: string;
}

export interface ComparisonTable {
  columns: readonly string[];
  rows: string[][];
}

/** A row of the goroutine-group table shown for dumps. */
export interface GroupRow {
  count: number;
  state: string;
  wait: string;
  top: string;
  /** What the ranking made of the group: `likely lock holder (…)`, `normal: …`, `leak suspect`. */
  note?: string;
}

export interface Reply {
  /** Entry id of the main cause, absent when nothing was recognised. */
  entryId?: string;
  title: string;
  confidence: Confidence | 'none';
  summary: Inline;
  /** What was diagnosed: report kind, headline, Go version and whose code crashed. */
  context: Inline[];
  evidence: { line: number; text: string }[];
  cause?: Inline;
  fixes: ReplyFix[];
  comparison?: ComparisonTable;
  nextSteps: Inline[];
  related: { id: string; title: string }[];
  groups: GroupRow[];
  fingerprint?: string;
}
