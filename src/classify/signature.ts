// Evaluates one entry's declared signature against a report, collecting the evidence lines.
import { RE2JS } from 're2js';
import type { Condition, Entry } from '../knowledge/types.js';
import type { Group } from '../report/cluster.js';
import type { CrashReport } from '../report/types.js';
import { crashingFrames, type FactLines, type FactName, type Facts } from './facts.js';

/** Everything a signature may look at, computed once per report. */
export interface ReportView {
  report: CrashReport;
  facts: Facts;
  groups: Group[];
  /** Distinct function names of the crashing goroutine → first paste line. */
  crashingFuncs: Map<string, number>;
  /** Distinct function names anywhere in the report → first paste line. */
  allFuncs: Map<string, number>;
  /** Paste lines that show a fact (a group's header, a SCHED line), for evidence. */
  factLines: FactLines;
}

export type SignatureResult =
  | { matched: true; score: number; isExact: boolean; evidence: number[] }
  | { matched: false };

type ConditionResult = { matched: true; lines: number[] } | { matched: false };

const NO = { matched: false } as const;

export function createView(
  report: CrashReport,
  facts: Facts,
  groups: Group[],
  factLines: FactLines = {},
): ReportView {
  const crashingFuncs = new Map<string, number>();
  for (const f of crashingFrames(report))
    if (!crashingFuncs.has(f.func)) crashingFuncs.set(f.func, f.line);

  const allFuncs = new Map<string, number>();
  const add = (func: string, line: number) => {
    if (!allFuncs.has(func)) allFuncs.set(func, line);
  };
  // One goroutine per group is enough: the others in a group have the same functions.
  for (const group of groups)
    for (const f of group.goroutines[0]?.frames ?? []) add(f.func, f.line);
  for (const p of report.profile) for (const f of p.frames) add(f.func, f.line);
  for (const race of report.races) {
    for (const a of race.accesses) for (const f of a.frames) add(f.func, f.line);
    for (const c of race.creators) for (const f of c.frames) add(f.func, f.line);
  }
  return { report, facts, groups, crashingFuncs, allFuncs, factLines };
}

/** Scores an entry against a report; `unless` conditions and report kinds can rule it out. */
export function evaluateSignature(entry: Entry, view: ReportView): SignatureResult {
  const { signature } = entry;
  if (signature.kinds.length > 0 && !signature.kinds.includes(view.report.kind)) return NO;
  // `unless: line:` means an application already logged this value (a recovered panic): it
  // demotes the specific entry, so the recovering handler's entry wins when there is one,
  // instead of hiding the real error.
  const others = signature.unless.filter((c) => c.line === undefined);
  if (others.some((c) => evaluateCondition(c, view).matched)) return NO;
  const isQuoted = signature.unless.some(
    (c) => c.line !== undefined && evaluateCondition(c, view).matched,
  );

  let score = isQuoted ? -4 : 0;
  let isExact = false;
  const evidence = new Set<number>();
  for (const condition of signature.when) {
    const result = evaluateCondition(condition, view);
    if (!result.matched) continue;
    score += condition.weight ?? 1;
    // An inferred headline is our reading of the stack, not Go's words: never `high`.
    if (condition.headline !== undefined && isPrintedByGo(view.report)) isExact = true;
    for (const line of result.lines) evidence.add(line);
  }

  if (isQuoted) isExact = false;
  if (score < signature.minScore) return NO;
  return { matched: true, score, isExact, evidence: [...evidence].sort((a, b) => a - b) };
}

export function evaluateCondition(c: Condition, view: ReportView): ConditionResult {
  const { report } = view;
  const headline = report.headline;

  if (c.headline !== undefined) {
    return headline?.text.includes(c.headline) ? yes(headline.line) : NO;
  }
  if (c.headlinePattern !== undefined) {
    return headline && find(c.headlinePattern, headline.text) ? yes(headline.line) : NO;
  }
  if (c.anyHeadline !== undefined) {
    const text = c.anyHeadline;
    const hit = report.headlines.find((h) => h.text.includes(text));
    return hit ? yes(hit.line) : NO;
  }
  if (c.line !== undefined) {
    const text = c.line;
    const hit = report.notes.find((n) => n.text.includes(text));
    return hit ? yes(hit.line) : NO;
  }
  if (c.linePattern !== undefined) {
    const pattern = c.linePattern;
    const hit = report.notes.find((n) => find(pattern, n.text));
    return hit ? yes(hit.line) : NO;
  }
  if (c.frame !== undefined)
    return prefixIn(view.crashingFuncs.size > 0 ? view.crashingFuncs : view.allFuncs, c.frame);
  if (c.anyFrame !== undefined) return prefixIn(view.allFuncs, c.anyFrame);
  if (c.signal !== undefined) {
    return report.signal?.name === c.signal ? yes(report.signal.line) : NO;
  }
  if (c.goroutines !== undefined) return countGoroutines(c, view);
  if (c.fact !== undefined) return compareFact(c, c.fact as FactName, view);
  return NO;
}

function yes(...lines: number[]): ConditionResult {
  return { matched: true, lines };
}

function prefixIn(funcs: Map<string, number>, prefix: string): ConditionResult {
  for (const [func, line] of funcs) if (func.startsWith(prefix)) return yes(line);
  return NO;
}

function countGoroutines(c: Condition, view: ReportView): ConditionResult {
  const want = c.goroutines ?? {};
  let count = 0;
  const lines: number[] = [];
  for (const group of view.groups) {
    if (want.state !== undefined && group.state !== want.state) continue;
    const frame = want.frame;
    const sample = group.goroutines[0];
    if (frame !== undefined && !sample?.frames.some((f) => f.func.startsWith(frame))) continue;
    const n =
      want.isLockedToThread === undefined
        ? group.count
        : want.isLockedToThread
          ? group.lockedToThread
          : group.count - group.lockedToThread;
    if (n === 0) continue;
    count += n;
    if (lines.length < 3) lines.push(group.line);
  }
  return inRange(count, c.min, c.max) ? { matched: true, lines } : NO;
}

function compareFact(c: Condition, name: FactName, view: ReportView): ConditionResult {
  return inRange(view.facts[name], c.min, c.max) ? yes(...(view.factLines[name] ?? [])) : NO;
}

/** With neither bound given, a fact or count must be at least 1. */
function inRange(value: number, min: number | undefined, max: number | undefined): boolean {
  const low = min ?? (max === undefined ? 1 : Number.NEGATIVE_INFINITY);
  return value >= low && value <= (max ?? Number.POSITIVE_INFINITY);
}

const compiled = new Map<string, RE2JS>();

/** RE2 matching: linear in the text whatever the pattern, so pastes cannot stall it. */
function find(pattern: string, text: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    compiled.set(pattern, re);
  }
  return re.matcher(text).find();
}

/**
 * Whether the main headline is Go's own output and not our inference or a quotation: `high`
 * needs it. A headline line alone could be prose ("we used to get panic: …"), so it also needs
 * something only a real crash prints next to it: a goroutine, a signal line, `runtime:`
 * lines, or a second headline (nested panics, `fatal error:` after `unexpected fault address`).
 */
function isPrintedByGo(report: ReportView['report']): boolean {
  const headline = report.headline;
  // Inferred headlines are our reading; logged ones are quotes that prose can imitate.
  if (!headline || headline.form === 'inferred' || headline.form === 'logged') return false;
  if (headline.form !== 'panic' && headline.form !== 'fatal') return true;
  if (report.goroutines.length > 0 || report.signal !== undefined) return true;
  if (report.headlines.length > 1) return true;
  return report.notes.some(
    (n) => n.text.startsWith('runtime: ') || n.text.startsWith('runtime/cgo: '),
  );
}
