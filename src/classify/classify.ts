// Scores every knowledge entry against a report: the generic engine behind all diagnoses.
import type { Entry } from '../knowledge/types.js';
import { clusterGoroutines, type Group } from '../report/cluster.js';
import type { CrashReport } from '../report/types.js';
import { compareGoVersions, type GoVersion } from '../report/version.js';
import { computeFacts, type Facts } from './facts.js';
import { createView, evaluateSignature } from './signature.js';

export interface ScoredEntry {
  entry: Entry;
  score: number;
  isExact: boolean;
  evidence: number[];
  versionNote?: string;
}

export interface Classification {
  facts: Facts;
  groups: Group[];
  /** Entries whose signature fired, best first. */
  scored: ScoredEntry[];
  /** Known Go bugs ruled out by the paste's Go version, with the reason. */
  ruledOut: ScoredEntry[];
}

/** Classifies one report against all entries. Pure: no logging, no I/O. */
export function classifyReport(
  report: CrashReport,
  entries: readonly Entry[],
  version: GoVersion,
): Classification {
  const groups = clusterGoroutines(report);
  const facts = computeFacts(report, groups);
  const view = createView(report, facts, groups);

  const scored: ScoredEntry[] = [];
  const ruledOut: ScoredEntry[] = [];
  for (const entry of entries) {
    const result = evaluateSignature(entry, view);
    if (!result.matched) continue;

    const candidate: ScoredEntry = { entry, ...result };
    const applies = goBugApplies(entry, version);
    candidate.versionNote = applies.note;
    if (applies.verdict === 'no') ruledOut.push(candidate);
    else scored.push(candidate);
  }

  scored.sort((a, b) => Number(b.isExact) - Number(a.isExact) || b.score - a.score);
  return { facts, groups, scored, ruledOut };
}

/** A Go bug applies when the paste's version is in its affected range, or is unknown. */
function goBugApplies(
  entry: Entry,
  version: GoVersion,
): { verdict: 'yes' | 'no' | 'unknown'; note?: string } {
  const bug = entry.goBug;
  if (!bug) return { verdict: 'yes' };
  const issue = `golang/go#${bug.issue}`;
  if (!version.version) {
    const fixed = bug.fixed ? `; fixed in ${bug.fixed}` : '';
    return { verdict: 'unknown', note: `${issue} affects ${bug.introduced} and later${fixed}: check your Go version` };
  }

  const v = version.version;
  if (compareGoVersions(v, bug.introduced) < 0) {
    return { verdict: 'no', note: `${issue} was introduced in ${bug.introduced}; this paste is from ${v}` };
  }
  if (bug.fixed && compareGoVersions(v, bug.fixed) >= 0) {
    return { verdict: 'no', note: `${issue} was fixed in ${bug.fixed}; this paste is from ${v}, so it is unlikely` };
  }
  const fix = bug.fixed ? `upgrade to ${bug.fixed} or later` : 'no fixed release is known yet';
  return { verdict: 'yes', note: `${v} is affected by ${issue}: ${fix}` };
}
