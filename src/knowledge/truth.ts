// Truth checks: an entry may quote only messages, functions, fields, GODEBUG settings and API
// that Go really has, and may claim things about a Go release only with a source for them.
import type { KnowledgeProblem } from '../errors.js';
import { compareGoVersions } from '../report/version.js';
import { CHECKED_RELEASES } from './catalog.js';
import type { FactRow, TruthData } from './truth-data.js';
import { findMessage } from './truth-messages.js';
import type { Entry } from './types.js';

/**
 * The checkable convention (README, "Adding a knowledge entry"):
 * - every backticked (or crash-output block) `fatal error: …`, `panic: runtime error: …`,
 *   `panic: sync: …`, `runtime error: …` and `runtime: …` line must be a catalog message
 *   (`…`, `...` and `<…>` stand for dynamic parts) or an allow-listed older message;
 * - every `runtime.name` must be runtime API (api.tsv), a catalog function or an
 *   allow-listed function; every `debug.Name` / `runtime/debug.Name` must be API; signature
 *   frames starting with `runtime.` must be a prefix of one of those;
 * - every backticked struct field (`m.lockedg`, `gp.lockedm`) must be in allow.tsv;
 * - every `GODEBUG=name=…` and `//go:debug name=…` must name a documented setting;
 * - every `go1.N` / `Go 1.N` in the prose needs a source naming that release, the release
 *   history, a golang/go issue, or the catalog (go1.19 and later).
 * For an entry with `goBug`, quoted messages and functions must exist in its affected releases.
 */
export function checkTruth(entry: Entry, text: string, data: TruthData): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const problem = (line: number, message: string) =>
    problems.push({ file: entry.file, line, message });
  const releases = affectedReleases(entry);

  for (const chunk of scan(text)) {
    if (chunk.kind !== 'go') {
      for (const quote of chunk.quotes) checkQuote(quote, chunk.line, data, releases, problem);
    }
    for (const field of fieldsIn(chunk)) {
      if (!data.fields.has(field)) {
        problem(
          chunk.line,
          `${field} is not a field of the runtime's ${field.split('.')[0]} struct (data/go/allow.tsv)`,
        );
      }
    }
    for (const name of functionsIn(chunk.text))
      checkFunction(name, chunk.line, data, releases, problem);
    for (const name of godebugsIn(chunk.text)) {
      if (!data.godebug.has(name) && !data.godebug.has(`${name.split('.')[0]}.*`)) {
        problem(
          chunk.line,
          `GODEBUG setting "${name}" is not a documented setting (data/go/godebug.tsv)`,
        );
      }
    }
  }

  for (const frame of signatureFrames(entry)) {
    if (!frame.startsWith('runtime.') || isKnownPrefix(frame, data)) continue;
    problem(lineOf(text, frame), `signature frame "${frame}" matches no known runtime function`);
  }
  problems.push(...checkReleaseClaims(entry, text));
  return problems;
}

interface Chunk {
  line: number;
  /** `go` fences hold code; `block` is any other fence (crash output, shell); `prose` the rest. */
  kind: 'prose' | 'block' | 'go';
  text: string;
  /** Backticked spans, or the whole trimmed line of a `block`. */
  quotes: string[];
}

/** Walks the body line by line, outside the front matter, tracking fenced blocks. */
function* scan(text: string): Generator<Chunk> {
  const lines = text.split('\n');
  let i = lines[0]?.trim() === '---' ? lines.indexOf('---', 1) + 1 : 0;
  let fence: 'go' | 'block' | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const marker = /^\s*```(\S*)/.exec(line);
    if (marker) {
      fence = fence ? undefined : marker[1]?.startsWith('go') ? 'go' : 'block';
      continue;
    }
    if (fence === 'go') yield { line: i + 1, kind: 'go', text: line, quotes: [] };
    else if (fence === 'block')
      yield { line: i + 1, kind: 'block', text: line, quotes: [line.trim()] };
    else {
      const quotes = [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
      yield { line: i + 1, kind: 'prose', text: line, quotes };
    }
  }
}

type Problem = (line: number, message: string) => void;

function checkQuote(
  quote: string,
  line: number,
  data: TruthData,
  releases: string[] | undefined,
  problem: Problem,
): void {
  const claim = messageClaim(quote);
  if (!claim) return;
  // A few messages are written whole, prefix included (`fatal error: cgo callback before
  // cgo call` is a print row of needm), so the quote as a whole counts too.
  const found = findMessage(claim.text, claim.kinds, data) ?? findMessage(quote, ['print'], data);
  if (!found) {
    problem(
      line,
      `"${quote}" is not a message the Go runtime prints (data/go/messages.tsv, allow.tsv)`,
    );
    return;
  }
  if (releases && found.releases && !found.releases.some((r) => releases.includes(r))) {
    problem(line, `"${quote}" is not printed by the releases this Go bug affects`);
  }
}

/** Which quotes claim to be runtime output, and which catalog kinds they must come from. */
function messageClaim(quote: string): { text: string; kinds: string[] } | undefined {
  const q = quote.replace(/ \[recovered(?:, repanicked)?\]$/, '');
  const fatal = /^fatal error: (.+)$/.exec(q);
  if (fatal) return { text: fatal[1] ?? '', kinds: ['throw', 'fatal', 'sync'] };
  const panic = /^panic: (.+)$/.exec(q);
  const value = panic ? (panic[1] ?? '') : q;
  if (value.startsWith('runtime error: ')) return { text: value, kinds: ['runtime-error'] };
  if (/^sync(?:\/atomic)?: /.test(value)) return { text: value, kinds: ['sync'] };
  if (
    panic &&
    /^(?:assignment to entry in nil map|close of |send on closed|all goroutines)/.test(value)
  ) {
    return { text: value, kinds: ['panic', 'runtime-error'] };
  }
  if (!panic && /^runtime: \S/.test(q)) return { text: q, kinds: ['print', 'throw', 'fatal'] };
  return undefined;
}

const RUNTIME_NAME = /(?<![\w/.])(?:runtime|runtime\/debug|debug)\.([A-Za-z_]\w*)/g;

function functionsIn(text: string): string[] {
  return [...text.matchAll(RUNTIME_NAME)].map((m) => {
    const pkg = m[0].slice(0, m[0].length - (m[1] ?? '').length - 1);
    return `${pkg === 'debug' ? 'runtime/debug' : pkg}.${m[1]}`;
  });
}

function checkFunction(
  name: string,
  line: number,
  data: TruthData,
  releases: string[] | undefined,
  problem: Problem,
): void {
  const [pkg = '', ident = ''] = splitName(name);
  // `debug.X` with a lower-case X is not runtime/debug API (nor claimed to be).
  if (pkg === 'runtime/debug' && /^[a-z]/.test(ident)) return;
  if (/^[A-Z]/.test(ident)) {
    const api = data.api.get(name);
    if (!api) problem(line, `${name} is not exported by ${pkg} (data/go/api.tsv)`);
    return;
  }
  const known = data.catalogFunctions.get(name) ?? rowReleases(data.functions.get(name));
  if (!known) {
    problem(line, `${name} is not a runtime function known to the catalog or data/go/allow.tsv`);
  } else if (releases && known.length > 0 && !known.some((r) => releases.includes(r))) {
    problem(line, `${name} does not exist in the releases this Go bug affects`);
  }
}

function splitName(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

/** Checked releases an allow-list row covers (empty: no bounds given, so any). */
function rowReleases(row: FactRow | undefined): string[] | undefined {
  if (!row) return undefined;
  if (!row.since && !row.until) return [];
  return CHECKED_RELEASES.filter((r) => inBounds(r, row.since, row.until));
}

function inBounds(release: string, since?: string, until?: string): boolean {
  const r = release === 'master' ? 'go1.99' : release.replace(/rc\d+$/, '');
  if (since && compareGoVersions(r, since) < 0) return false;
  return !(until && compareGoVersions(r, `${until}.99`) > 0);
}

function isKnownPrefix(prefix: string, data: TruthData): boolean {
  const names = [...data.catalogFunctions.keys(), ...data.functions.keys(), ...data.api.keys()];
  return names.some((n) => n.startsWith(prefix));
}

// Backticked `m.lockedg`, `mp.lockedInt`, `gp.lockedm`: the runtime's m, g, p and sched
// structs, under the variable names the runtime source uses for them.
const FIELD = /^(m|mp|g|gp|_g_|p|pp|sched)\.([a-z]\w*)$/;
const STRUCT_OF: Record<string, string> = { mp: 'm', gp: 'g', _g_: 'g', pp: 'p' };

function fieldsIn(chunk: Chunk): string[] {
  if (chunk.kind !== 'prose') return [];
  return chunk.quotes.flatMap((q) => {
    const m = FIELD.exec(q);
    return m ? [`${STRUCT_OF[m[1] ?? ''] ?? m[1]}.${m[2]}`] : [];
  });
}

function godebugsIn(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/GODEBUG=["']?([^\s`'"]+)/g)) {
    for (const setting of (m[1] ?? '').split(',')) names.push(setting.split('=')[0] ?? '');
  }
  for (const m of text.matchAll(/\/\/go:debug ([\w.]+)=/g)) names.push(m[1] ?? '');
  return names.filter((n) => n !== '');
}

function signatureFrames(entry: Entry): string[] {
  const conditions = [...entry.signature.when, ...entry.signature.unless];
  return conditions
    .flatMap((c) => [c.frame, c.anyFrame, c.goroutines?.frame])
    .filter((f): f is string => !!f);
}

/** Checked releases in the bug's affected range, or undefined when the entry is no Go bug. */
function affectedReleases(entry: Entry): string[] | undefined {
  const bug = entry.goBug;
  if (!bug) return undefined;
  const inRange = CHECKED_RELEASES.filter((r) => {
    const v = r === 'master' ? 'go1.99' : r.replace(/rc\d+$/, '');
    return (
      compareGoVersions(v, bug.introduced) >= 0 &&
      (!bug.fixed || compareGoVersions(v, bug.fixed) < 0)
    );
  });
  return inRange.length > 0 ? [...inRange] : undefined;
}

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}

/** A `go1.N` claim is sourced by a source that names go1.N, the release history, an issue or the catalog. */
function checkReleaseClaims(entry: Entry, text: string): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const seen = new Set<number>();
  const lines = text.split('\n');
  const bodyStart = lines[0]?.trim() === '---' ? lines.indexOf('---', 1) + 1 : 0;
  const references = lines.findIndex((l) => /^## References/.test(l));
  const end = references < 0 ? lines.length : references;
  let fence = false;

  for (let i = 0; i < end; i++) {
    const line = lines[i] ?? '';
    if (/^\s*```/.test(line)) fence = !fence;
    const isProse = i >= bodyStart ? !fence : /^(?:title|summary):/.test(line);
    if (!isProse) continue;

    const prose = line.replace(/\]\([^)]*\)|https?:\/\/\S+/g, '');
    for (const m of prose.matchAll(/\b(?:go|Go )1\.(\d{1,2})(?:\.\d+)?(?![\d.]*\d)/g)) {
      const minor = Number(m[1]);
      if (seen.has(minor) || isSourced(entry, minor)) continue;
      seen.add(minor);
      problems.push({
        file: entry.file,
        line: i + 1,
        message: `"${m[0]}" is a claim about a Go release with no source naming go1.${minor}, its release notes or history, a golang/go issue or the catalog`,
      });
    }
  }
  return problems;
}

function isSourced(entry: Entry, minor: number): boolean {
  const names = new RegExp(String.raw`\b(?:go|Go )1\.${minor}(?![\d])|/doc/go1\.${minor}(?![\d])`);
  return entry.sources.some((s) => {
    const both = `${s.title} ${s.url ?? ''}`;
    if (names.test(both)) return true;
    if (/go\.dev\/doc\/devel\/release|release history/i.test(both)) return true;
    if (/github\.com\/golang\/go\/issues\/\d+|go\.dev\/issue\/\d+|golang\/go#\d+/.test(both))
      return true;
    return minor >= 19 && /messages\.tsv|traceback-format|message catalog/i.test(both);
  });
}
