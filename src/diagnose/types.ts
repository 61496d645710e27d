// What diagnosing one paste produces: the reports found and the ranked causes for them.

import type { Facts } from '../classify/facts.js';
import type { Entry } from '../knowledge/types.js';
import type { Group } from '../report/cluster.js';
import type { CrashReport, PasteLine } from '../report/types.js';
import type { GoVersion } from '../report/version.js';

export type Confidence = 'high' | 'medium' | 'low';

/** One ranked cause: an entry, how sure we are, and the paste lines that show it. */
export interface Candidate {
  entry: Entry;
  confidence: Confidence;
  score: number;
  evidence: PasteLine[];
  /** Index into Diagnosis.reports of the report this candidate explains. */
  report: number;
  /** Why a known Go bug does or does not apply, when the entry names one. */
  versionNote?: string;
  /** The entry is a known Go bug and the paste's Go version is in its affected range. */
  isGoBugConfirmed?: boolean;
}

/** A known Go bug whose signature matched but whose affected releases exclude the paste's Go. */
export interface RuledOut {
  entry: Entry;
  /** Why it does not apply, e.g. `golang/go#73141 was fixed in go1.24.3; …`. */
  note: string;
  report: number;
}

/** Why a paste produced no candidates, when it did not. */
export type Notice = 'empty' | 'binary' | 'too-large' | 'no-crash' | 'unrecognised' | 'fragment';

/** What the classifier computed for one report, kept for rendering and JSON. */
export interface ReportDetail {
  facts: Facts;
  /** Goroutines grouped by identical stacks, largest first. */
  groups: Group[];
}

export interface Diagnosis {
  /** Reports in order of importance: crashes before dumps, the first error first. */
  reports: CrashReport[];
  details: ReportDetail[];
  goVersion: GoVersion;
  /** Ranked, best first; empty when no Go crash was found or none was recognised. */
  candidates: Candidate[];
  /** Known Go bugs the paste's Go version rules out (said in the reply: "unlikely, fixed in …"). */
  ruledOut?: RuledOut[];
  /** Whether a bot watching a channel should answer this paste unasked. */
  autoreply: boolean;
  notice?: Notice;
  /** Address-free hash of the main report, for votes and deduplication; never the paste. */
  fingerprint?: string;
  pasteBytes: number;
  pasteLines: number;
}
