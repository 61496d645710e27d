// Reads the Go version a paste was produced with: named releases first, else format clues.
import type { PasteLine } from './types.js';
import { type Clue, collectClues } from './version-clues.js';

export interface GoVersion {
  /** Exact release when the paste names one, e.g. `go1.24.1`. */
  version?: string;
  /** Otherwise the range the paste allows, e.g. `>=go1.21`, `go1.21–go1.22`, `go1.19.x`. */
  range?: string;
  /** What the version or range was read from, the deciding item first. */
  evidence: { line: number; text: string; reason: string }[];
}

/** A release named in the paste. `patch` is undefined when only `go1.N` is known. */
interface Named {
  minor: number;
  patch?: number;
  /** 4 = GOROOT path of a frame, 3 = `go version`/`go env` output, 2 = labelled print, 1 = prose. */
  rank: number;
  /** Whether the source names a release (`go1.24.1`, `go1.20`) rather than a family (`go-1.19`). */
  isExact: boolean;
  line: number;
  text: string;
  reason: string;
}

const RELEASE = String.raw`1\.(\d{1,2})(?:\.(\d{1,2}))?(?:rc\d|beta\d)?`;

// Where a GOROOT shows in frame file lines. The version must sit where an install puts it,
// right before `src/` or the Homebrew `libexec/`; a `go1.x` anywhere else in a path may be a
// module or directory name (`github.com/x/go1.20compat/…`) and says nothing about the toolchain.
const PATHS: [RegExp, string, isMinorOnly?: boolean][] = [
  // /usr/local/go1.24.1/src/, ~/sdk/go1.24.1/src/, ~/.gvm/gos/go1.21.0/src/
  [new RegExp(String.raw`(?:^|[\s/\\])go${RELEASE}[/\\]src[/\\]`), 'GOROOT path'],
  // ~/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.24.1.linux-amd64/src/ (GOTOOLCHAIN download)
  [
    new RegExp(String.raw`golang\.org/toolchain@v[\d.]+-go${RELEASE}\.[a-z0-9]+-[a-z0-9]+[/\\]`),
    'toolchain module path',
  ],
  // Homebrew: /opt/homebrew/Cellar/go/1.24.1/libexec/, /usr/local/Cellar/go@1.22/1.22.5/libexec/
  [
    new RegExp(String.raw`/Cellar/go(?:@[\d.]+)?/${RELEASE}(?:_\d+)?/libexec/`),
    'Homebrew GOROOT path',
  ],
  // Debian/Ubuntu /usr/lib/go-1.19/src/ and openSUSE /usr/lib64/go/1.18/src/: minor only
  [new RegExp(`/usr/lib(?:64)?/go[-/]${RELEASE}/`), 'distribution GOROOT path', true],
  // Nix /nix/store/<hash>-go-1.21.0/share/go/, asdf …/installs/golang/1.21.0/go/, goenv …/versions/1.22.0/src/
  [
    new RegExp(
      String.raw`(?:/nix/store/[a-z0-9]+-go-|/installs/golang/|/\.goenv/versions/)${RELEASE}/`,
    ),
    'GOROOT path',
  ],
];

const GO_VERSION = new RegExp(String.raw`\bgo version go${RELEASE}\b`);
// `go env`: GOVERSION='go1.24.2'; `go version -m bin`: `bin: go1.24.1`; docker/k8s style prints.
const LABELLED = new RegExp(
  String.raw`(?:GOVERSION|[Gg]o ?[Vv]ersion|goversion|go_version|runtime\.Version\(\))["']?\s{0,4}(?:[:=]\s{0,4})?["']?go${RELEASE}(?![\w.-])`,
);
const TOOLCHAIN_LINE = new RegExp(String.raw`^\s*toolchain go${RELEASE}\s*$`);
// Bare `go1.24.1` in prose: not part of a path, module, file or identifier on either side.
const BARE = new RegExp(
  String.raw`(?:^|[\s=:"'(,[])go${RELEASE}(?=$|[\s"'),;\]]|\.(?:\s|$)|:\s)`,
  'g',
);

/** Finds the Go version of a paste, or the range its format allows. Linear, never throws. */
export function detectGoVersion(lines: readonly PasteLine[]): GoVersion {
  const named = findNamed(lines);
  const clues = collectClues(lines);
  const top = named[0];
  if (!top) return rangeOf(clues);

  // A family (`/usr/lib/go-1.19/`) is made exact by a release of the same family named elsewhere.
  const exact = top.isExact ? top : named.find((n) => n.isExact && n.minor === top.minor);
  if (!exact) {
    const family = {
      min: top.minor,
      max: top.minor,
      line: top.line,
      text: top.text,
      reason: top.reason,
    };
    return rangeOf([family, ...clues]);
  }

  // go1.20 and earlier name their first release `go1.N`; go1.21 and later `go1.N.0`.
  const version =
    exact.patch === undefined ? `go1.${exact.minor}` : `go1.${exact.minor}.${exact.patch}`;
  const conflicts = clues.filter((c) => !allows(c, exact.minor));
  return {
    version,
    evidence: [
      evidenceOf(exact),
      ...conflicts.map((c) => ({ ...evidenceOf(c), reason: `conflicts: ${c.reason}` })),
    ],
  };
}

function findNamed(lines: readonly PasteLine[]): Named[] {
  const found: Named[] = [];
  for (const l of lines) {
    const text = l.text;
    if (!text.includes('go') && !text.includes('Go') && !text.includes('GO')) continue;
    const hit = matchNamed(text);
    if (hit) found.push({ ...hit, line: l.line, text: text.trim().slice(0, 200) });
  }

  // Prose is weak evidence: use it only when it names one exact release and nothing else does.
  const bare = found.filter((n) => n.rank === 1);
  const releases = new Set(bare.map((n) => `${n.minor}.${n.patch}`));
  const kept = releases.size === 1 ? found : found.filter((n) => n.rank > 1);

  // Highest rank first; the paste order breaks ties, so the first GOROOT path wins.
  return kept.sort((a, b) => b.rank - a.rank || a.line - b.line);
}

function matchNamed(text: string): Omit<Named, 'line' | 'text'> | undefined {
  for (const [pattern, reason, isMinorOnly] of PATHS) {
    const m = pattern.exec(text);
    if (m && !isModulePath(text, m.index)) return release(m, 4, reason, isMinorOnly === true);
  }
  const version = GO_VERSION.exec(text);
  if (version) return release(version, 3, '`go version` output');
  const labelled = LABELLED.exec(text);
  if (labelled) return release(labelled, 2, 'version printed by the program or `go env`');
  const toolchain = TOOLCHAIN_LINE.exec(text);
  if (toolchain) return release(toolchain, 2, '`toolchain` line of go.mod');
  // A bare `go1.24` in prose is a family someone talks about, not the release that crashed;
  // a line naming two releases ("worked on go1.23.4, fails on go1.24.1") names neither.
  const bare = [...text.matchAll(BARE)].filter((m) => m[2] !== undefined);
  const first = bare[0];
  if (first && bare.every((m) => m[1] === first[1] && m[2] === first[2])) {
    return release(first, 1, 'named in the paste');
  }
  return undefined;
}

/** A match inside the module cache is a dependency's path, unless it is the toolchain module. */
function isModulePath(text: string, at: number): boolean {
  const mod = text.lastIndexOf('/pkg/mod/', at);
  return mod >= 0 && !text.slice(mod, at + 40).includes('golang.org/toolchain@');
}

function release(
  m: RegExpExecArray,
  rank: number,
  reason: string,
  isMinorOnly = false,
): Omit<Named, 'line' | 'text'> {
  const minor = Number(m[1]);
  const patch = m[2] === undefined ? undefined : Number(m[2]);
  // Before go1.21 the first release of a family was `go1.N` itself, so `go1.20` is exact.
  const isExact = !isMinorOnly && (patch !== undefined || minor <= 20);
  return { minor, patch, rank, reason, isExact };
}

/** Intersects the clues; conflicting clues (two pastes, two versions) give no range. */
function rangeOf(clues: Clue[]): GoVersion {
  if (clues.length === 0) return { evidence: [] };

  const lows = clues.filter((c) => c.min !== undefined).sort((a, b) => (b.min ?? 0) - (a.min ?? 0));
  const highs = clues
    .filter((c) => c.max !== undefined)
    .sort((a, b) => (a.max ?? 0) - (b.max ?? 0));
  const low = lows[0];
  const high = highs[0];
  const deciding = [low, high].filter((c): c is Clue => c !== undefined);
  const rest = clues.filter((c) => !deciding.includes(c));
  const evidence = [...deciding, ...rest].map(evidenceOf);

  if (low?.min !== undefined && high?.max !== undefined && low.min > high.max) {
    return { evidence: evidence.map((e) => ({ ...e, reason: `conflicting clues: ${e.reason}` })) };
  }
  return { range: formatRange(low?.min, high?.max), evidence };
}

function formatRange(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) {
    return min === max ? `go1.${min}.x` : `go1.${min}–go1.${max}`;
  }
  return min !== undefined ? `>=go1.${min}` : `<=go1.${max}`;
}

function allows(clue: Clue, minor: number): boolean {
  return (
    (clue.min === undefined || minor >= clue.min) && (clue.max === undefined || minor <= clue.max)
  );
}

function evidenceOf(item: {
  line: number;
  text: string;
  reason: string;
}): GoVersion['evidence'][number] {
  return { line: item.line, text: item.text.slice(0, 200), reason: item.reason };
}

/** Compares two `go1.N[.P]` strings; a bare `go1.N` sorts before `go1.N.0`. */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string) =>
    v
      .replace(/^go/, '')
      .split(/[.]/)
      .map((p) => Number.parseInt(p, 10) || 0);
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The lowest and highest release a detected version allows, as comparable `go1.N[.P]`
 * strings (`go1.N.99` stands for "any patch of go1.N"); undefined ends are open.
 */
export function versionSpan(v: GoVersion): { low?: string; high?: string } {
  if (v.version) return { low: v.version, high: v.version };
  if (!v.range) return {};
  const minors = [...v.range.matchAll(/go1\.(\d+)/g)].map((m) => Number(m[1]));
  const [a, b] = minors;
  if (a === undefined) return {};
  if (v.range.startsWith('>=')) return { low: `go1.${a}` };
  if (v.range.startsWith('<=')) return { high: `go1.${a}.99` };
  return { low: `go1.${a}`, high: `go1.${b ?? a}.99` };
}
