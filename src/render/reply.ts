// Diagnosis → Reply: what people read, before any platform formats it.
import type { Candidate, Diagnosis } from '../diagnose/types.js';
import type { Match } from '../knowledge/search.js';
import { WORKAROUND_COLUMNS } from '../knowledge/types.js';
import { type Owner, placeCrash } from '../report/owner.js';
import type { CrashReport } from '../report/types.js';
import { reportContext } from './report-context.js';
import type { GroupRow, Reply } from './types.js';

export interface RenderOptions {
  /** A short reply for channel auto-replies: no fixes or table, fewer lines. */
  brief?: boolean;
  /** How people search from where the reply is shown (default: the CLI's command). */
  searchHint?: string;
}

const KIND_NAMES: Record<CrashReport['kind'], string> = {
  panic: 'panic',
  throw: 'fatal error',
  signal: 'fatal signal',
  dump: 'goroutine dump',
  pprof: 'goroutine profile (debug=1)',
  race: 'data race report',
  'test-timeout': 'test timeout',
  schedtrace: 'scheduler trace',
  compile: 'compiler output',
  goleak: 'goleak report',
  fragment: 'part of a crash (no header line)',
};

const NOTICES: Record<NonNullable<Diagnosis['notice']>, { title: string; summary: string }> = {
  empty: { title: 'Nothing to diagnose', summary: 'The paste is empty.' },
  binary: {
    title: 'This looks like a binary file',
    summary: 'Paste the text your program printed to stderr, not the binary or a core file.',
  },
  'too-large': {
    title: 'The paste is too large',
    summary: 'Trim it to the first `panic:` or `fatal error:` line and the goroutines after it.',
  },
  'no-crash': {
    title: 'No Go crash found',
    summary:
      'I found no Go panic, fatal error, goroutine dump, race report or scheduler trace in this text.',
  },
  unrecognised: {
    title: 'Go crash not recognised',
    summary:
      'This is Go crash output, but it matches no cause I know. Here is what I could read from it.',
  },
  fragment: {
    title: 'The top of the crash is missing',
    summary:
      'This is part of a Go stack trace without its first line (`panic: …` or ' +
      '`fatal error: …`). Paste the output from that line on.',
  },
};

const NEXT_FOR_NOTICE = [
  'Paste everything from the first `panic:` or `fatal error:` line to the end of the output',
  'Run with `GOTRACEBACK=all` to see every goroutine, or send `SIGQUIT` (`kill -QUIT <pid>`) to a hung program',
  'Try {search} to search the knowledge base',
];

/** Builds the reply for a diagnosis; the first candidate is the answer, the rest related. */
export function renderReply(diagnosis: Diagnosis, options: RenderOptions = {}): Reply {
  const best = diagnosis.candidates[0];
  const report = best ? diagnosis.reports[best.report] : diagnosis.reports[0];
  const extra = report ? reportContext(diagnosis, report) : { context: [], nextSteps: [] };
  const context = report ? [...contextOf(diagnosis, report, best), ...extra.context] : [];
  const groups = report ? groupRows(diagnosis, diagnosis.reports.indexOf(report)) : [];

  if (!best) return noticeReply(diagnosis, context, groups, options);

  const entry = best.entry;
  const brief = options.brief === true;
  const summary = best.versionNote ? `${entry.summary}\n\n${best.versionNote}.` : entry.summary;
  return {
    entryId: entry.id,
    title: entry.title,
    confidence: best.confidence,
    summary: best.confidence === 'low' ? `Possibly: ${summary}` : summary,
    context,
    evidence: best.evidence.slice(0, brief ? 3 : 8),
    cause: brief ? undefined : entry.cause,
    fixes: brief ? [] : entry.fixes.slice(0, 3),
    comparison: brief || entry.workarounds.length === 0 ? undefined : comparisonOf(best),
    nextSteps: [...extra.nextSteps, ...entry.verify].slice(0, brief ? 2 : 6),
    related: diagnosis.candidates
      .slice(1, 4)
      .map((c) => ({ id: c.entry.id, title: c.entry.title })),
    groups: groups.slice(0, brief ? 3 : 10),
    fingerprint: diagnosis.fingerprint,
  };
}

/** A reply listing search matches, for `/crashdoc <words>` and `crashdoc search`. */
export function renderSearchReply(query: string, matches: Match[]): Reply {
  const [best, ...rest] = matches;
  if (!best) {
    return {
      title: 'Nothing found',
      confidence: 'none',
      summary: `No knowledge entry matches "${query.slice(0, 100)}". Try other words, or paste the crash itself.`,
      context: [],
      evidence: [],
      fixes: [],
      nextSteps: [],
      related: [],
      groups: [],
    };
  }
  return {
    entryId: best.entry.id,
    title: best.entry.title,
    confidence: 'none',
    summary: best.entry.summary,
    context: [],
    evidence: [],
    cause: best.entry.cause,
    fixes: best.entry.fixes.slice(0, 1),
    comparison: best.entry.workarounds.length > 0 ? comparisonOf({ entry: best.entry }) : undefined,
    nextSteps: best.entry.verify.slice(0, 4),
    related: rest.slice(0, 4).map((m) => ({ id: m.entry.id, title: m.entry.title })),
    groups: [],
  };
}

function noticeReply(
  diagnosis: Diagnosis,
  context: string[],
  groups: GroupRow[],
  options: RenderOptions,
): Reply {
  const notice = NOTICES[diagnosis.notice ?? 'no-crash'];
  const search = options.searchHint ?? '`crashdoc search <words>`';
  const steps = NEXT_FOR_NOTICE.map((s) => s.replace('{search}', search));
  return {
    title: notice.title,
    confidence: 'none',
    summary: notice.summary,
    context,
    evidence: [],
    fixes: [],
    nextSteps: diagnosis.reports.length > 0 ? steps.slice(0, 2) : steps,
    related: [],
    groups: groups.slice(0, 10),
    fingerprint: diagnosis.fingerprint,
  };
}

function contextOf(diagnosis: Diagnosis, report: CrashReport, best?: Candidate): string[] {
  const lines = [`**Report:** ${KIND_NAMES[report.kind]}`];
  if (report.headline) {
    const inferred = report.headline.form === 'inferred' ? ' (inferred from the stack)' : '';
    lines.push(`**Headline:** \`${clip(report.headline.text, 200)}\`${inferred}`);
  }
  lines.push(`**Go:** ${goVersionLine(diagnosis.goVersion)}`);

  const placement = placeCrash(report, { isGoBug: best?.isGoBugConfirmed === true });
  const top = placement?.top;
  if (top) lines.push(`**Crashed in:** \`${clip(top.frame.func, 120)}\` (${ownerName(top)})`);
  const caller = placement?.caller;
  if (caller && caller !== top) {
    lines.push(
      `**Called from:** \`${clip(caller.frame.func, 120)}\` (${ownerName(caller)}, line ${caller.frame.line})`,
    );
  }
  if (placement) lines.push(`**Whose bug:** ${placement.note}`);

  const index = diagnosis.reports.indexOf(report);
  for (const out of diagnosis.ruledOut ?? []) {
    if (out.report === index) lines.push(`**Not this Go bug:** ${out.note}.`);
  }
  return lines;
}

function goVersionLine(version: Diagnosis['goVersion']): string {
  const first = version.evidence[0];
  const from = first ? ` (${first.reason}, line ${first.line})` : '';
  if (version.version) return `${version.version}${from}`;
  if (version.range) return `${version.range}${from}`;
  return 'not shown in the paste (`go version -m <binary>` prints it)';
}

function ownerName(owner: Owner): string {
  switch (owner.kind) {
    case 'main-module':
      return 'your code';
    case 'dependency':
      return `dependency \`${owner.module}\`${owner.version ? ` ${owner.version}` : ''}`;
    case 'stdlib':
      return `standard library \`${owner.module}\``;
    case 'toolchain':
      return `the Go toolchain, \`${owner.module}\``;
    default:
      return 'the Go runtime';
  }
}

function comparisonOf(best: Pick<Candidate, 'entry'>) {
  return {
    columns: WORKAROUND_COLUMNS,
    rows: best.entry.workarounds.map((w) => [w.workaround, w.removesCause, w.cost, w.whenToChoose]),
  };
}

function groupRows(diagnosis: Diagnosis, index: number): GroupRow[] {
  const groups = diagnosis.details[index]?.groups ?? [];
  if (groups.length < 2 && (groups[0]?.count ?? 0) < 2) return [];
  const rows: GroupRow[] = groups.map((g) => ({
    count: g.count,
    state: g.state,
    wait: waitText(g.waitMinutes),
    top: g.top,
    note: g.note,
  }));
  // The reply shows at most ten rows; say what the rest hold instead of dropping them.
  if (rows.length > 10) {
    const rest = rows.slice(9);
    const count = rest.reduce((n, r) => n + r.count, 0);
    rows.splice(9, rows.length, {
      count,
      state: '',
      wait: '',
      top: `(${rest.length} more groups)`,
    });
  }
  return rows;
}

function waitText(minutes: [number, number] | undefined): string {
  if (!minutes) return '';
  return minutes[0] === minutes[1] ? `${minutes[0]} min` : `${minutes[0]}–${minutes[1]} min`;
}

/** Cut for display; backticks become quotes so pasted text cannot break inline code. */
function clip(text: string, max: number): string {
  const plain = text.replace(/`/g, "'");
  return plain.length > max ? `${plain.slice(0, max)}…` : plain;
}
