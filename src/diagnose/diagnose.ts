// paste → Diagnosis: runs read, classify and search, decides confidence, logs one line.
import { createHash } from 'node:crypto';
import { classifyReport } from '../classify/classify.js';
import { createSearch, type Match } from '../knowledge/search.js';
import type { Entry } from '../knowledge/types.js';
import { type Logger, silentLogger } from '../log.js';
import { readPaste } from '../report/index.js';
import { ownerOfCrash } from '../report/owner.js';
import type { CrashReport, PasteLine } from '../report/types.js';
import { detectGoVersion } from '../report/version.js';
import type { Candidate, Confidence, Diagnosis, ReportDetail, RuledOut } from './types.js';

export type { Match };

export interface RequestContext {
  requestId?: string;
  /** Already a child logger with the adapter's fields. */
  logger?: Logger;
}

export interface DiagnoserOptions {
  entries: readonly Entry[];
  logger?: Logger;
  /** Largest paste accepted, in bytes (default: the CLI's 128 MiB). */
  maxPasteBytes?: number;
}

/** The core's one service: diagnose pastes and search the knowledge base. */
export interface Diagnoser {
  /** Never rejects for any paste; a paste with no Go crash gets an empty candidate list. */
  diagnose(paste: string, context?: RequestContext): Promise<Diagnosis>;
  /** The same, synchronously, for the CLI and benchmarks. */
  diagnoseSync(paste: string, context?: RequestContext): Diagnosis;
  search(query: string, limit?: number): Match[];
  entry(id: string): Entry | undefined;
  readonly entries: readonly Entry[];
}

/** Fuzzy matches scoring above this (0 best, 1 worst) are not offered as a diagnosis. */
const FUZZY_CUTOFF = 0.35;
const MAX_CANDIDATES = 5;
const MAX_REPORTS = 50;

/**
 * Creates a diagnoser over loaded knowledge entries.
 *
 * @example
 * const diagnoser = createDiagnoser({ entries: loadKnowledge(), logger });
 * const diagnosis = await diagnoser.diagnose(paste, { requestId: 'evt-1' });
 * console.log(diagnosis.candidates[0]?.entry.id);
 */
export function createDiagnoser(options: DiagnoserOptions): Diagnoser {
  const entries = options.entries;
  const byId = new Map(entries.map((e) => [e.id, e]));
  const index = createSearch(entries);
  const rootLogger = options.logger ?? silentLogger();

  const diagnoseSync = (paste: string, context: RequestContext = {}): Diagnosis => {
    const started = performance.now();
    const diagnosis = run(paste, entries, index.search, options.maxPasteBytes);
    const logger = context.logger ?? rootLogger;
    logger.info(
      {
        requestId: context.requestId,
        kind: diagnosis.reports[0]?.kind,
        fingerprint: diagnosis.fingerprint,
        entryIds: diagnosis.candidates.map((c) => c.entry.id),
        confidence: diagnosis.candidates[0]?.confidence,
        notice: diagnosis.notice,
        pasteBytes: diagnosis.pasteBytes,
        pasteLines: diagnosis.pasteLines,
        ms: Math.round(performance.now() - started),
      },
      'diagnosed',
    );
    return diagnosis;
  };

  return {
    diagnose: async (paste, context) => diagnoseSync(paste, context),
    diagnoseSync,
    search: (query, limit) => index.search(query, limit),
    entry: (id) => byId.get(id),
    entries,
  };
}

function run(
  paste: string,
  entries: readonly Entry[],
  search: (query: string, limit?: number) => Match[],
  maxBytes: number | undefined,
): Diagnosis {
  const pasteBytes = Buffer.byteLength(paste, 'utf8');
  const read = readPaste(paste, maxBytes);
  const empty = { reports: [], details: [], candidates: [], autoreply: false, pasteBytes };
  if (!read.ok)
    return { ...empty, goVersion: { evidence: [] }, notice: read.notice, pasteLines: 0 };

  const goVersion = detectGoVersion(versionSample(read.pasteLines));
  const reports = rankReports(read.reports);
  const base = { ...empty, goVersion, pasteLines: read.lines };
  if (reports.length === 0) return { ...base, notice: 'no-crash' };

  const details: ReportDetail[] = [];
  const candidates: Candidate[] = [];
  const ruledOut: RuledOut[] = [];
  // A crash-loop log can hold thousands of reports: the first ones, ranked, tell the story,
  // and classifying all of them would stall a bot.
  reports.splice(MAX_REPORTS);
  reports.forEach((report, i) => {
    const classification = classifyReport(report, entries, goVersion);
    details.push({ facts: classification.facts, groups: classification.groups });
    for (const scored of classification.scored) {
      const isHigh = scored.isExact && scored.entry.signature.maxConfidence === 'high';
      const confidence: Confidence = isHigh ? 'high' : 'medium';
      const evidence = linesOf(read.pasteLines, withCrashSite(report, scored.evidence));
      candidates.push({ ...scored, confidence, evidence, report: i });
    }
    for (const out of classification.ruledOut) {
      ruledOut.push({ entry: out.entry, note: out.versionNote ?? '', report: i });
    }
  });

  // A fuzzy guess must not bring back a Go bug the version has just ruled out.
  const excluded = new Set(ruledOut.map((r) => r.entry.id));
  if (candidates.length === 0) addFuzzy(candidates, reports, read.pasteLines, search, excluded);
  const ranked = dedupe(candidates).slice(0, MAX_CANDIDATES);
  const main = reports[0] as CrashReport;

  return {
    ...base,
    reports,
    details,
    candidates: ranked,
    ruledOut,
    autoreply: ranked[0] !== undefined && ranked[0].confidence !== 'low',
    notice: noticeFor(main, ranked),
    fingerprint: fingerprintOf(main),
  };
}

// Version clues are the first line of each kind (a GOROOT path, a header format, a wait
// reason), and a huge dump repeats the same few lines; reading its head and tail keeps a
// 100k-goroutine paste from spending seconds on ten regexes per line.
const VERSION_HEAD = 20_000;
const VERSION_TAIL = 5_000;

function versionSample(lines: PasteLine[]): PasteLine[] {
  if (lines.length <= VERSION_HEAD + VERSION_TAIL) return lines;
  return [...lines.slice(0, VERSION_HEAD), ...lines.slice(-VERSION_TAIL)];
}

/** Crashes first (in paste order), then dumps and traces, then headerless fragments. */
function rankReports(reports: CrashReport[]): CrashReport[] {
  const rank = (r: CrashReport) =>
    r.kind === 'fragment' ? 2 : r.kind === 'dump' || r.kind === 'pprof' ? 1 : 0;
  return reports
    .map((report, i) => ({ report, i }))
    .sort((a, b) => rank(a.report) - rank(b.report) || a.i - b.i)
    .map((x) => x.report);
}

/** No signature fired: offer the closest entry by text, at low confidence, if it is close. */
function addFuzzy(
  candidates: Candidate[],
  reports: CrashReport[],
  lines: PasteLine[],
  search: (query: string, limit?: number) => Match[],
  excluded: ReadonlySet<string>,
): void {
  const headline = reports[0]?.headline;
  if (!headline) return;
  const [best] = search(headline.text, 3).filter((m) => !excluded.has(m.entry.id));
  if (!best || best.score > FUZZY_CUTOFF) return;
  candidates.push({
    entry: best.entry,
    confidence: 'low',
    score: 0,
    evidence: linesOf(lines, [headline.line]),
    report: 0,
  });
}

function dedupe(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    if (seen.has(c.entry.id)) return false;
    seen.add(c.entry.id);
    return true;
  });
}

function noticeFor(main: CrashReport, ranked: Candidate[]): Diagnosis['notice'] {
  if (main.kind === 'fragment' && !main.headline) return 'fragment';
  return ranked.length === 0 ? 'unrecognised' : undefined;
}

/**
 * Adds the frame where the crash happened in code the user can change (and its file line)
 * to a candidate's evidence: the headline says what, this says where.
 */
function withCrashSite(report: CrashReport, lines: number[]): number[] {
  const frame = ownerOfCrash(report)?.frame;
  if (!frame || lines.includes(frame.line)) return lines;
  const site = frame.file !== undefined ? [frame.line, frame.line + 1] : [frame.line];
  return [...new Set([...lines, ...site])].sort((a, b) => a - b);
}

/** Paste lines by number, in order, at most eight, each cut to a readable length. */
function linesOf(lines: PasteLine[], numbers: number[]): PasteLine[] {
  return numbers.slice(0, 8).map((n) => {
    const text = lines[n - 1]?.text ?? '';
    return { line: n, text: text.length > 300 ? `${text.slice(0, 300)}…` : text };
  });
}

/** Address-free key of a report: kind, headline with numbers masked, top user frames. */
function fingerprintOf(report: CrashReport): string {
  const headline = (report.headline?.text ?? '').replace(/0x[0-9a-f]+|\d+/gi, 'N');
  const frames = (report.goroutines[report.crashing ?? 0]?.frames ?? [])
    .filter((f) => !f.isRuntime)
    .slice(0, 3)
    .map((f) => f.func);
  const key = [report.kind, headline, ...frames].join('\n');
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
