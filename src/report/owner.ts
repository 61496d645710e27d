// Says whose code a crash is in (the program's, a dependency's, the standard library's or the
// runtime's) and whether that placement means the bug is there.
import type { CrashReport, Frame } from './types.js';

export type OwnerKind = 'main-module' | 'dependency' | 'stdlib' | 'runtime' | 'toolchain';

export interface Owner {
  kind: OwnerKind;
  /** Module path for dependencies (`github.com/spf13/cobra`), package path otherwise. */
  module: string;
  /** Module version when the file path shows it (`/pkg/mod/…@v1.2.3/`, `-trimpath` builds). */
  version?: string;
  /** How the module was told: its cache or trimpath path, `vendor/`, Bazel `external/`. */
  via?: 'module-cache' | 'trimpath' | 'vendor' | 'bazel';
  /** True when the module path was inferred from the package path (no version in sight). */
  isModuleGuessed?: boolean;
  frame: Frame;
}

/** Whose bug a crash most likely is, given where it happened. */
export type Blame = 'your-code' | 'dependency' | 'go' | 'unclear';

export interface Placement {
  /** Top frame of the crashing stack outside the runtime. */
  top?: Owner;
  /** First frame in the program or a dependency: where the call into Go's code came from. */
  caller?: Owner;
  blame: Blame;
  /** One sentence for the reply. */
  note: string;
}

// Top-level directories of the standard library (GOROOT/src), as of go1.27. A package path
// without a dot in its first element is not necessarily standard: `module myapp` is legal.
const STD_ROOTS = new Set(
  (
    'archive bufio builtin bytes cmd cmp compress container context crypto database debug ' +
    'embed encoding errors expvar flag fmt go hash html image index internal io iter log ' +
    'maps math mime net os path plugin reflect regexp runtime slices sort strconv strings ' +
    'structs sync syscall testing text time unicode unique unsafe vendor weak'
  ).split(' '),
);

const MOD_CACHE = /\/pkg\/mod\/(.+?)@(v[^/]+)\//;
const TRIMPATH = /^([a-z0-9][\w.-]*\.[a-z]{2,}(?:\/[^@\s/]+)+)@(v[^/\s]+)\//;
const BAZEL = /(?:^|\/)external\/([A-Za-z0-9_.~-]+)\//;

/** Owner of one frame, read from its package path and, when present, its file path. */
export function ownerOfFrame(frame: Frame): Owner {
  if (frame.isRuntime || frame.func === 'panic') {
    return { kind: 'runtime', module: frame.pkg, frame };
  }
  if (isToolchainFrame(frame)) return { kind: 'toolchain', module: frame.pkg, frame };
  if (isStdlibPackage(frame.pkg)) return { kind: 'stdlib', module: frame.pkg, frame };

  const file = frame.file ?? '';
  const cached = MOD_CACHE.exec(file);
  const trimmed = cached ? null : TRIMPATH.exec(file);
  const mod = cached ?? trimmed;
  if (mod) {
    return {
      kind: 'dependency',
      module: unescapeModule(mod[1] ?? ''),
      version: mod[2],
      via: cached ? 'module-cache' : 'trimpath',
      frame,
    };
  }
  // Vendored and Bazel-fetched code shows the package path but not the module version.
  if (file.includes('/vendor/') || file.startsWith('vendor/')) {
    return { kind: 'dependency', ...guessed(frame.pkg), via: 'vendor', frame };
  }
  const bazel = BAZEL.exec(file);
  if (bazel && bazel[1] !== 'go_sdk') {
    return { kind: 'dependency', ...guessed(frame.pkg), via: 'bazel', frame };
  }
  return { kind: 'main-module', module: frame.pkg, frame };
}

/** The Go tools themselves (`cmd/compile`, `cmd/go`), whose `main` lives in GOROOT/src/cmd/. */
function isToolchainFrame(frame: Frame): boolean {
  if (frame.pkg.startsWith('cmd/')) return true;
  return frame.pkg === 'main' && /(?:^|\/)src\/cmd\/[\w-]+\/[\w-]+\.go$/.test(frame.file ?? '');
}

/** The standard library by package path: a known GOROOT/src directory and no dot before it. */
export function isStdlibPackage(pkg: string): boolean {
  const first = pkg.split('/')[0] ?? '';
  return STD_ROOTS.has(first);
}

/** Module paths in the module cache escape upper case as `!x` (`!azure` is `Azure`). */
function unescapeModule(path: string): string {
  return path.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The module a package most likely belongs to when only its import path is known: three
 * elements on code hosts (`github.com/owner/repo`), two elsewhere (`go.uber.org/zap`), plus a
 * `/vN` major-version suffix. A guess, flagged as one: nested modules exist.
 */
function guessed(pkg: string): { module: string; isModuleGuessed: true } {
  const parts = pkg.split('/');
  const host = parts[0] ?? '';
  const isHost = /^(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)$/.test(host);
  let n = isHost || pkg.startsWith('golang.org/x/') ? 3 : 2;
  if (/^v\d+$/.test(parts[n] ?? '')) n++;
  return { module: parts.slice(0, n).join('/'), isModuleGuessed: true };
}

/**
 * Frames of the goroutine that crashed (or of the first access of a race report), from the
 * last `panic(…)` frame down: frames above it are deferred calls that panicked again while
 * the first panic unwound (testing.tRunner's handler, recovery middleware), not its site.
 */
function crashFrames(report: CrashReport): Frame[] {
  const g = report.goroutines[report.crashing ?? 0];
  const frames = g ? g.frames : (report.races[0]?.accesses[0]?.frames ?? []);
  let last = -1;
  frames.forEach((f, i) => {
    if (f.func === 'panic' || f.func === 'runtime.gopanic') last = i;
  });
  return last < 0 ? frames : frames.slice(last + 1);
}

/** Owner of the top frame of the crashing goroutine that is not in the runtime. */
export function ownerOfCrash(report: CrashReport): Owner | undefined {
  const frame = crashFrames(report).find((f) => !f.isRuntime && f.func !== 'panic');
  return frame ? ownerOfFrame(frame) : undefined;
}

/** The first frame of the crashing goroutine in the program's own code, if any. */
export function firstOwnFrame(report: CrashReport): Frame | undefined {
  return crashFrames(report).find((f) => ownerOfFrame(f).kind === 'main-module');
}

const NO_SINGLE_CRASH = new Set<CrashReport['kind']>(['dump', 'pprof', 'schedtrace', 'goleak']);

/**
 * Where the crash happened and whose bug that makes it. A runtime or standard-library frame
 * on top is where Go noticed the misuse (a nil map write, a double close, a bad argument);
 * the bug is in the first caller outside Go's own code, unless the crash matches a known Go
 * bug (`isGoBug`) or no such caller exists.
 */
export function placeCrash(
  report: CrashReport,
  options: { isGoBug?: boolean } = {},
): Placement | undefined {
  if (NO_SINGLE_CRASH.has(report.kind)) return undefined;
  if (report.kind === 'compile') {
    const isIce = report.headlines.some((h) => h.form === 'ice');
    if (!isIce) return undefined;
    return {
      blame: 'go',
      note: 'An internal compiler error is a bug in the Go compiler, even when the code is unusual.',
    };
  }

  const owners = crashFrames(report).map(ownerOfFrame);
  const top = owners.find((o) => o.kind !== 'runtime');
  const tool = owners.find((o) => o.kind === 'toolchain');
  if (tool) {
    const name = tool.module.startsWith('cmd/')
      ? tool.module.split('/').slice(0, 2).join('/')
      : 'a Go tool';
    return {
      top,
      blame: 'go',
      note: `This is the Go toolchain (\`${name}\`) crashing while it worked on your code, not your program: a toolchain bug, or too little memory or stack for it.`,
    };
  }
  const caller = owners.find((o) => o.kind === 'main-module' || o.kind === 'dependency');
  if (options.isGoBug) {
    return {
      top,
      caller,
      blame: 'go',
      note: 'This matches a known Go bug: the fault is in the Go toolchain, not in the code on the stack.',
    };
  }
  if (!caller) {
    if (owners.length === 0) return undefined;
    return { top, blame: 'unclear', note: onlyGoFrames(top) };
  }

  const who = describe(caller);
  const blame = caller.kind === 'main-module' ? 'your-code' : 'dependency';
  if (top === caller) {
    const extra =
      blame === 'dependency'
        ? '; check its issue tracker and newer versions, and what your code passed it'
        : '';
    return { top, caller, blame, note: `The crash is in ${who}${extra}.` };
  }
  const where =
    top?.kind === 'stdlib' ? `the standard library (\`${top.module}\`)` : 'the Go runtime';
  return {
    top,
    caller,
    blame,
    note: `It surfaced in ${where}, called from ${who}: a Go frame on top is where Go caught the misuse, not where the bug is.`,
  };
}

function onlyGoFrames(top: Owner | undefined): string {
  if (top?.kind === 'stdlib') {
    return `Only Go's own code is on the crashing stack (\`${top.module}\`): look at what your code configured or passed it earlier, then at Go itself.`;
  }
  return 'Only Go runtime frames are on the crashing stack: the usual causes are memory corruption (unsafe, cgo, data races) or a Go bug.';
}

function describe(owner: Owner): string {
  if (owner.kind === 'main-module') return `your code (\`${owner.frame.func}\`)`;
  const version = owner.version ? ` ${owner.version}` : '';
  return `dependency \`${owner.module}\`${version}`;
}
