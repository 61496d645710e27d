// Line forms of Go crash output. Each form is recognised by one anchored, linear-time pattern
// (no nested quantifiers), so no pasted line can make the parser backtrack.

/**
 * What one cleaned line is. The parser's states (see parse.ts) decide what each form means
 * in context; this module only names the form and pulls out its fields.
 */
export type LineForm =
  | { form: 'blank' }
  /** `panic: V`, `\tpanic: V [recovered]`; also `panic: test timed out after 10m0s`. */
  | { form: 'panic'; value: string; isNested: boolean; isRecovered: boolean; isRepanicked: boolean }
  /** `fatal error: all goroutines are asleep - deadlock!` */
  | { form: 'fatal'; value: string }
  /** `[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]` */
  | { form: 'signal-bracket'; name: string; code?: string; addr?: string; pc?: string }
  /** `SIGSEGV: segmentation violation` followed by `PC=0x… m=0 sigcode=1`: a fatal signal. */
  | { form: 'signal-fatal'; name: string }
  | { form: 'signal-pc'; addr?: string }
  | { form: 'cgo-signal' }
  /** `unexpected fault address 0xc000100000` (before `fatal error: fault`). */
  | { form: 'fault-address'; addr: string }
  /** `goroutine 7 [chan receive, 3 minutes, locked to thread]:` (and gp=/m= forms). */
  | {
      form: 'goroutine';
      id: number;
      state: string;
      waitMinutes?: number;
      isLockedToThread: boolean;
    }
  /** `main.(*T).M(0xc000010000, {0x4b8385?, 0x3})` */
  | { form: 'frame'; func: string; args: string }
  /** `\t/home/u/main.go:12 +0x1d` */
  | { form: 'file'; file: string; line: number }
  /** `created by main.start in goroutine 1` */
  | { form: 'created-by'; func: string; parentId?: number }
  | { form: 'elided' }
  | { form: 'stack-unavailable' }
  | { form: 'runtime-stack' }
  | { form: 'race-banner' }
  /** `Read at 0x00c0000a0 by goroutine 7:` / `Previous write at … by main goroutine:` */
  | {
      form: 'race-access';
      op: 'read' | 'write';
      isPrevious: boolean;
      /** Absent in reports before go1.3 (`Read by goroutine 13:`). */
      addr?: string;
      goroutine?: number;
    }
  /** `Goroutine 7 (running) created at:` */
  | { form: 'race-creator'; goroutine: number }
  | { form: 'race-failed-stack' }
  /**
   * Where the raced-on variable lives: `Global var counter of size 8 at 0x… declared at
   * /x/main.go:9`, or `Heap block of size 16 at 0x… allocated by goroutine 6:` and a stack.
   */
  | {
      form: 'race-location';
      kind: 'global' | 'heap';
      name?: string;
      size: number;
      file?: string;
      fileLine?: number;
      goroutine?: number;
    }
  /** goleak: `[Goroutine 12 in state chan receive, with main.f on top of the stack:` */
  | { form: 'goleak-goroutine' }
  /** `SCHED 1000ms: gomaxprocs=4 idleprocs=0 threads=6 …` */
  | { form: 'sched'; ms: number; fields: Map<string, string>; local: number[] }
  /** scheddetail `  P0: status=1 …`, `  M3: … lockedg=12`, `  G1: status=4(chan receive) …` */
  | { form: 'sched-detail'; which: 'P' | 'M' | 'G'; id: number; fields: Map<string, string> }
  | { form: 'profile-header'; total: number }
  /** `1000 @ 0x43b296 0x407e9b …` */
  | { form: 'profile-group'; count: number }
  /** `#\t0x6a384c\tmain.(*Subscriber).consume+0xcc\t/home/u/main.go:36` */
  | { form: 'profile-frame'; func: string; file: string; line: number }
  /** `# example.com/pkg` before compiler output. */
  | { form: 'compile-package'; pkg: string }
  /** `./main.go:12:3: x declared and not used` */
  | { form: 'compile-error'; text: string; isIce: boolean }
  | { form: 'ice'; text: string }
  | { form: 'goleak' }
  /** `2020/01/27 03:34:59 http: panic serving 127.0.0.1:54063: value` */
  | { form: 'http-panic'; value: string }
  | { form: 'running-tests' }
  /** A recovered panic value logged by a framework or middleware, not by the runtime. */
  | { form: 'logged-panic'; value: string }
  /** `signal: killed` from go run / go test: the child died of a signal. */
  | { form: 'child-signal'; name: string }
  | { form: 'other'; text: string };

// OCR and retyped pastes lose the space after the colon; `panic::` is shell noise, not Go.
const PANIC = /^(\s*)panic:(?!:) ?(.*)$/;
const FATAL = /^\s*fatal error: ?(.*)$/;
const SIGNAL_BRACKET =
  /^\[signal ([^\s:\]]+)(?::[^\]]*?)? code=(\S+) addr=(\S+) pc=(\S+?)\]?$|^\[signal ([^\]]*)\]$/;
const SIGNAL_FATAL = /^(SIG[A-Z0-9]+): [a-z][a-z -]*$/;
const SIGNAL_PC = /^PC=0x[0-9a-f]+ m=\d+ sigcode=\S+(?: addr=(0x[0-9a-f]+))?/;
const FAULT = /^unexpected fault address (0x[0-9a-f]+)/;
// Recovery handlers print `Stack trace: goroutine 7 [running]:`, hence the optional lead.
const GOROUTINE =
  /^(?:[^\n]{0,80}?[:\s])?goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[([^\]]{0,300})\](?: \{[^}]{0,2000}\})?:?\s*$/;
const FILE_LINE = /^\s+(\S(?:.{0,2000}?\S)?):(\d+)(?: \+0x[0-9a-f]+)?(?: fp=\S+ sp=\S+ pc=\S+)?$/;
const CREATED_BY = /^\s*created by (\S+)(?: in goroutine (\d+))?/;
const RACE_ACCESS =
  /^(Previous )?(read|write|Read|Write|Atomic read|Atomic write|Previous atomic read|Previous atomic write)(?: of size \d+)?(?: at (0x[0-9a-f]+))? by (?:goroutine (\d+)|main goroutine):$/;
const RACE_CREATOR = /^Goroutine (\d+) \((?:running|finished)\) created at:$/;
const SCHED = /^SCHED (\d+)ms: (.*)$/;
const SCHED_DETAIL = /^\s+([PMG])(\d+): (.*)$/;
// The race detector's location lines (tsan_report.cpp, the SANITIZER_GO branch).
const RACE_GLOBAL = /^Global var (\S+) of size (\d+) at 0x[0-9a-f]+ declared at (.+):(\d+)$/;
const RACE_HEAP =
  /^Heap block of size (\d+) at 0x[0-9a-f]+ allocated by (?:goroutine (\d+)|main goroutine):$/;
// goleak prints its slice of stacks with %v: `[` before the first, a space before the others.
const GOLEAK_GOROUTINE = /^\[?Goroutine \d+ in state [^,]{1,200}, with \S+ on top of the stack:$/;
const PROFILE_HEADER = /^goroutine profile: total (\d+)$/;
const PROFILE_GROUP = /^(\d+) @(?: 0x[0-9a-f]+)+$/;
const PROFILE_FRAME = /^#\s+0x[0-9a-f]+\s+(\S+?)\+0x[0-9a-f]+\s+(\S+):(\d+)$/;
const COMPILE_PACKAGE = /^# (\S+)$/;
const COMPILE_ERROR = /^(?:\S+\.go):\d+(?::\d+)?: (.+)$/;
const HTTP_PANIC = /http: panic serving \S+: (.*)$/;
// Frameworks and recovery middlewares log the recovered value: `[Macaron] PANIC: v`,
// `Panic occurred: v`, `panic recovered: v`. The runtime's own `panic: ` starts a line.
const LOGGED_PANIC = /(?:^|[\s\]])(?:PANIC|Panic|panic)(?: occurred| recovered)?: (.+)$/;
// `go run` and `go test` report how the child died: `signal: killed`, `signal: aborted`.
const CHILD_SIGNAL = /^signal: ([a-z][a-z ]*)$/;

/** Names the form of one cleaned line. Total: unknown lines are `other`. */
export function classifyLine(text: string): LineForm {
  if (text.trim() === '') return { form: 'blank' };
  const first = text.trimStart()[0];

  switch (first) {
    case 'p':
      return panicOrFrame(text);
    case 'f':
      return matchFatal(text) ?? matchOther(text);
    case 'g':
      return matchGoroutine(text) ?? matchOther(text);
    case '[':
      return matchSignalBracket(text) ?? matchBracketed(text);
    case 'S':
      return matchUpperS(text) ?? matchOther(text);
    case 'P':
      return matchUpperP(text) ?? matchOther(text);
    case 'M':
    case 'G':
      return matchUpperG(text) ?? matchOther(text);
    case '#':
      return matchHash(text);
    case 'c':
      return matchCreatedBy(text) ?? matchOther(text);
    default:
      return matchOther(text);
  }
}

function panicOrFrame(text: string): LineForm {
  const m = PANIC.exec(text);
  if (!m) return frameOrFile(text);

  let value = m[2] ?? '';
  const isRepanicked = value.endsWith(' [recovered, repanicked]');
  const isRecovered = isRepanicked || value.endsWith(' [recovered]');
  if (isRepanicked) value = value.slice(0, -' [recovered, repanicked]'.length);
  else if (isRecovered) value = value.slice(0, -' [recovered]'.length);
  // `panic: X\n\tgoroutine …` never occurs; a nested panic is indented (a tab, or spaces
  // after chat ate the tab).
  return { form: 'panic', value, isNested: (m[1] ?? '') !== '', isRecovered, isRepanicked };
}

function matchFatal(text: string): LineForm | undefined {
  const m = FATAL.exec(text);
  return m ? { form: 'fatal', value: m[1] ?? '' } : undefined;
}

function matchGoroutine(text: string): LineForm | undefined {
  if (text.includes('goroutine running on other thread')) return { form: 'stack-unavailable' };
  if (text.startsWith('goroutine profile: ')) {
    const p = PROFILE_HEADER.exec(text);
    if (p) return { form: 'profile-header', total: Number(p[1]) };
  }

  const m = GOROUTINE.exec(text);
  if (!m) return undefined;

  const parts = (m[2] ?? '').split(', ');
  let waitMinutes: number | undefined;
  let isLockedToThread = false;
  for (const part of parts.slice(1)) {
    const minutes = /^(\d+) minutes$/.exec(part);
    if (minutes) waitMinutes = Number(minutes[1]);
    if (part === 'locked to thread') isLockedToThread = true;
  }
  // `(scan)`, `(durable)` and `(leaked)` follow the status; they are markers, not states.
  const state = (parts[0] ?? '').replace(/ \((?:scan|durable|leaked)\)$/, '');
  return { form: 'goroutine', id: Number(m[1]), state, waitMinutes, isLockedToThread };
}

function matchSignalBracket(text: string): LineForm | undefined {
  const m = SIGNAL_BRACKET.exec(text.trim());
  if (!m) return undefined;
  if (m[1] !== undefined) {
    return { form: 'signal-bracket', name: m[1], code: m[2], addr: m[3], pc: m[4] };
  }
  return { form: 'signal-bracket', name: (m[5] ?? '').split(/[\s:]/)[0] ?? '' };
}

function matchUpperS(text: string): LineForm | undefined {
  const sched = SCHED.exec(text);
  if (sched) return parseSched(Number(sched[1]), sched[2] ?? '');

  const signal = SIGNAL_FATAL.exec(text);
  return signal ? { form: 'signal-fatal', name: signal[1] ?? '' } : undefined;
}

function matchUpperP(text: string): LineForm | undefined {
  const pc = SIGNAL_PC.exec(text);
  if (pc) return { form: 'signal-pc', addr: pc[1] };
  if (text.startsWith('Previous ')) return matchRace(text);
  return matchDetail(text);
}

function matchUpperG(text: string): LineForm | undefined {
  const creator = RACE_CREATOR.exec(text);
  if (creator) return { form: 'race-creator', goroutine: Number(creator[1]) };
  return matchDetail(text);
}

function matchDetail(text: string): LineForm | undefined {
  const m = SCHED_DETAIL.exec(text);
  if (!m) return undefined;
  const which = m[1] as 'P' | 'M' | 'G';
  return { form: 'sched-detail', which, id: Number(m[2]), fields: parseFields(m[3] ?? '') };
}

function matchHash(text: string): LineForm {
  const frame = PROFILE_FRAME.exec(text);
  if (frame) {
    return {
      form: 'profile-frame',
      func: frame[1] ?? '',
      file: frame[2] ?? '',
      line: Number(frame[3]),
    };
  }
  const pkg = COMPILE_PACKAGE.exec(text);
  return pkg ? { form: 'compile-package', pkg: pkg[1] ?? '' } : other(text);
}

function matchCreatedBy(text: string): LineForm | undefined {
  const m = CREATED_BY.exec(text);
  if (!m) return undefined;
  return { form: 'created-by', func: m[1] ?? '', parentId: m[2] ? Number(m[2]) : undefined };
}

function matchRace(text: string): LineForm | undefined {
  const m = RACE_ACCESS.exec(text.trim());
  if (!m) return undefined;
  const op = (m[2] ?? '').toLowerCase().includes('write') ? 'write' : 'read';
  const isPrevious = m[1] !== undefined || (m[2] ?? '').startsWith('Previous');
  return { form: 'race-access', op, isPrevious, addr: m[3], goroutine: num(m[4]) };
}

/** `[failed to restore the stack]` (race reports) and goleak's first `[Goroutine …` line. */
function matchBracketed(text: string): LineForm {
  const trimmed = text.trim();
  if (trimmed === '[failed to restore the stack]') return { form: 'race-failed-stack' };
  return GOLEAK_GOROUTINE.test(trimmed) ? { form: 'goleak-goroutine' } : other(text);
}

function matchRaceLocation(trimmed: string): LineForm | undefined {
  const global = RACE_GLOBAL.exec(trimmed);
  if (global) {
    const [, name, size, file, fileLine] = global;
    return { form: 'race-location', kind: 'global', name, size: Number(size), file, fileLine: Number(fileLine) };
  }
  const heap = RACE_HEAP.exec(trimmed);
  if (!heap) return undefined;
  return { form: 'race-location', kind: 'heap', size: Number(heap[1]), goroutine: num(heap[2]) };
}

function matchOther(text: string): LineForm {
  const trimmed = text.trim();
  if (trimmed === 'WARNING: DATA RACE') return { form: 'race-banner' };
  if (trimmed === 'runtime stack:') return { form: 'runtime-stack' };
  if (trimmed === 'signal arrived during cgo execution') return { form: 'cgo-signal' };
  if (trimmed === '[failed to restore the stack]') return { form: 'race-failed-stack' };
  if (trimmed === 'running tests:') return { form: 'running-tests' };
  if (/^\.\.\.(?:\d+ frames elided|additional frames elided)\.\.\.$/.test(trimmed)) {
    return { form: 'elided' };
  }
  if (trimmed.includes('found unexpected goroutines')) return { form: 'goleak' };
  if (trimmed.startsWith('Global var ') || trimmed.startsWith('Heap block ')) {
    const location = matchRaceLocation(trimmed);
    if (location) return location;
  }
  if (trimmed.startsWith('Goroutine ') && GOLEAK_GOROUTINE.test(trimmed)) {
    return { form: 'goleak-goroutine' };
  }

  const group = /^\d/.test(trimmed) ? PROFILE_GROUP.exec(trimmed) : null;
  if (group) return { form: 'profile-group', count: Number(group[1]) };

  const race = /^(?:Read|Write|Atomic) /.test(trimmed) ? matchRace(trimmed) : undefined;
  if (race) return race;

  const fault = FAULT.exec(trimmed);
  if (fault) return { form: 'fault-address', addr: fault[1] ?? '' };

  if (trimmed.includes('http: panic serving ')) {
    const http = HTTP_PANIC.exec(trimmed);
    if (http) return { form: 'http-panic', value: http[1] ?? '' };
  }
  // `x.go:12: internal compiler error: panic: …` is the compiler's, not a logged panic.
  if (trimmed.includes('internal compiler error: ')) return { form: 'ice', text: trimmed };
  if (/panic/i.test(trimmed)) {
    const logged = LOGGED_PANIC.exec(trimmed);
    if (logged) return { form: 'logged-panic', value: logged[1] ?? '' };
  }
  const child = CHILD_SIGNAL.exec(trimmed);
  if (child) return { form: 'child-signal', name: child[1] ?? '' };
  if (trimmed.includes('goroutine ')) {
    const goroutine = matchGoroutine(trimmed);
    if (goroutine) return goroutine;
  }

  const compile = COMPILE_ERROR.exec(trimmed);
  if (compile && !text.startsWith('\t') && !text.startsWith(' ')) {
    const message = compile[1] ?? '';
    return {
      form: 'compile-error',
      text: message,
      isIce: message.startsWith('internal compiler error'),
    };
  }
  if (trimmed.includes('internal compiler error: ')) return { form: 'ice', text: trimmed };

  return frameOrFile(text);
}

function frameOrFile(text: string): LineForm {
  const file = FILE_LINE.exec(text);
  if (file && (file[1] ?? '').includes('/')) {
    return { form: 'file', file: file[1] ?? '', line: Number(file[2]) };
  }
  if (file && /^[A-Za-z]:\\|\.go$|\.s$|\.c$/.test(file[1] ?? '')) {
    return { form: 'file', file: file[1] ?? '', line: Number(file[2]) };
  }

  const frame = splitFrame(text.trim());
  if (frame && looksLikeFunc(frame.func)) return { form: 'frame', ...frame };
  return other(text);
}

/**
 * Splits `pkg.(*T).M(args)` into name and arguments by hand: a `(` right after a `.` belongs
 * to the name (a method receiver), the first other `(` opens the arguments. A regex for this
 * would backtrack on long lines of parentheses.
 */
function splitFrame(text: string): { func: string; args: string } | undefined {
  if (!text.endsWith(')')) return undefined;
  for (let i = 1; i < text.length; i++) {
    if (text[i] !== '(' || text[i - 1] === '.') continue;
    return { func: text.slice(0, i), args: text.slice(i + 1, -1) };
  }
  return undefined;
}

/** Go function names have a package qualifier (`main.f`, `net/http.(*conn).serve`) or are `panic`. */
function looksLikeFunc(name: string): boolean {
  if (name === 'panic') return true;
  if (/\s/.test(name) || name.length > 500) return false;
  return /^[\w\-~%]+(?:[./][\w\-~%]+)*\.[^\s]+$/.test(name) && !name.endsWith('.go');
}

function other(text: string): LineForm {
  return { form: 'other', text };
}

function parseSched(ms: number, rest: string): LineForm {
  const bracket = rest.indexOf('[');
  const head = bracket >= 0 ? rest.slice(0, bracket) : rest;
  const local =
    bracket >= 0
      ? rest
          .slice(bracket + 1, rest.indexOf(']', bracket) >>> 0)
          .split(' ')
          .filter((s) => s !== '')
          .map(Number)
      : [];
  return { form: 'sched', ms, fields: parseFields(head), local };
}

/** `a=1 b=x c=` → Map; scheddetail and SCHED lines are space-separated key=value pairs. */
function parseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const pair of text.split(' ')) {
    const eq = pair.indexOf('=');
    if (eq > 0) fields.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return fields;
}

function num(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}
