// Scores every knowledge entry against a report: the generic engine behind all diagnoses.
import type { Entry } from '../knowledge/types.js';
import { clusterGoroutines, type Group, mergeGroups } from '../report/cluster.js';
import { rankGroups } from '../report/rank.js';
import type { CrashReport } from '../report/types.js';
import { compareGoVersions, type GoVersion, versionSpan } from '../report/version.js';
import { dumpFactLines } from './dump-facts.js';
import { computeFacts, type Facts } from './facts.js';
import { createView, evaluateSignature } from './signature.js';

export interface ScoredEntry {
  entry: Entry;
  score: number;
  isExact: boolean;
  evidence: number[];
  versionNote?: string;
  /** A known Go bug whose affected releases include the paste's Go version. */
  isGoBugConfirmed?: boolean;
}

export interface Classification {
  facts: Facts;
  /** Goroutine groups (second level), most deserving of attention first. */
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
  // Signatures look at exact stacks; people read the merged groups, ranked.
  const exact = clusterGoroutines(report);
  const ranking = rankGroups(mergeGroups(exact), { isLeakReport: report.kind === 'goleak' });
  const facts = computeFacts(report, ranking);
  const view = createView(report, facts, exact, dumpFactLines(report, ranking));
  const groups = ranking.groups;

  const scored: ScoredEntry[] = [];
  const ruledOut: ScoredEntry[] = [];
  for (const entry of entries) {
    const result = evaluateSignature(entry, view);
    if (!result.matched) continue;

    const candidate: ScoredEntry = { entry, ...result };
    const applies = goBugApplies(entry, version);
    candidate.versionNote = applies.note;
    // A known Go bug is a certain diagnosis only when the paste's version is in its range.
    if (applies.verdict === 'unknown') candidate.isExact = false;
    // …and then it is the diagnosis: its signature plus the version leave no other reading.
    if (entry.goBug && applies.verdict === 'yes') {
      candidate.isGoBugConfirmed = true;
      candidate.isExact = true;
    }
    if (applies.verdict === 'no') ruledOut.push(candidate);
    else scored.push(candidate);
  }

  // A known Go bug whose version cannot be checked must not outrank an ordinary answer.
  const unconfirmed = (c: ScoredEntry) => (c.entry.goBug && !c.isGoBugConfirmed ? 1 : 0);
  scored.sort(
    (a, b) =>
      unconfirmed(a) - unconfirmed(b) || Number(b.isExact) - Number(a.isExact) || b.score - a.score,
  );
  return { facts, groups, scored, ruledOut };
}

/**
 * A Go bug applies when the paste's version (or every release its range allows) is in the
 * bug's affected range [introduced, fixed); it is ruled out when no allowed release is.
 */
export function goBugApplies(
  entry: Entry,
  version: GoVersion,
): { verdict: 'yes' | 'no' | 'unknown'; note?: string } {
  const bug = entry.goBug;
  if (!bug) return { verdict: 'yes' };
  const issue = `golang/go#${bug.issue}`;
  const last = bug.fixed ? lastAffected(bug.fixed) : undefined;
  const through = last === undefined || last === bug.introduced ? '' : ` to ${last}`;
  const affected = bug.fixed
    ? `affects ${bug.introduced}${through}, fixed in ${bug.fixed}`
    : `affects ${bug.introduced} and later`;
  const fix = bug.fixed ? `upgrade to ${bug.fixed} or later` : 'no fixed release is known yet';
  const { low, high } = versionSpan(version);
  const seen = version.version ?? version.range;

  if (high !== undefined && compareGoVersions(high, bug.introduced) < 0) {
    return {
      verdict: 'no',
      note: `${issue} was introduced in ${bug.introduced}; this paste is from ${seen}, so it is not this bug`,
    };
  }
  if (bug.fixed && low !== undefined && compareGoVersions(low, bug.fixed) >= 0) {
    return {
      verdict: 'no',
      note: `${issue} was fixed in ${bug.fixed}; this paste is from ${seen}, so this bug is unlikely`,
    };
  }
  const isInside =
    low !== undefined &&
    high !== undefined &&
    compareGoVersions(low, bug.introduced) >= 0 &&
    (!bug.fixed || compareGoVersions(high, bug.fixed) < 0);
  if (isInside)
    return { verdict: 'yes', note: `${seen} is affected by ${issue} (it ${affected}): ${fix}` };

  const which = seen
    ? `the paste shows only ${seen}`
    : 'the paste does not show which Go built the program';
  return {
    verdict: 'unknown',
    note: `${issue} ${affected}, and ${which}: check with \`go version -m <binary>\`; if affected, ${fix}`,
  };
}

/** The release before a fix: `go1.24.3` → `go1.24.2`; a `go1.N.0` fix has no patch before it. */
function lastAffected(fixed: string): string {
  const m = /^go1\.(\d+)\.(\d+)$/.exec(fixed);
  if (!m || m[2] === '0') return `the release before ${fixed}`;
  return `go1.${m[1]}.${Number(m[2]) - 1}`;
}
