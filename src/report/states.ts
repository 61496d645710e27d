// Names the form of each line of Go crash output. Each form is recognised by one anchored,
// linear-time pattern (no nested quantifiers), so no pasted line can make the parser backtrack.
import type { LineForm } from './line-forms.js';
import { firstNonSpace, looksLikeFunc, matchHotForm, splitFrame } from './line-scan.js';

export type { LineForm };

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
const GOROUTINE_PLAIN =
  /^goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[([^\]]{0,300})\](?: \{[^}]{0,2000}\})?:?\s*$/;
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
const LOGGED_PANIC =
  /(?:^|[\s\]])(?:PANIC|Panic|panic)(?: occurred| recovered| recovery)?(?::| ->) (.+)$/;
// A debugger's stop on a panic (Delve, as VS Code and GoLand show it): `Exception has occurred:
// panic "value"` (the value may be on the next line), then `Stack:` with numbered frames
// `  4  0x0000000000e7d146 in pkg.f` each followed by `      at file.go:109`.
const DEBUGGER_STOP = /^Exception has occurred: (?:panic|fatal error)(?:\s+"(.*)")?\s*$/;
const DEBUGGER_FRAME = /^\d+\s+0x[0-9a-f]+ in (\S+)$/;
const DEBUGGER_AT = /^at (\S+):(\d+)$/;
// `go run` and `go test` report how the child died: `signal: killed`, `signal: aborted`.
const CHILD_SIGNAL = /^signal: ([a-z][a-z ]*)$/;

/** Names the form of one cleaned line. Total: unknown lines are `other`. */
export function classifyLine(text: string): LineForm {
  const start = firstNonSpace(text);
  if (start === text.length) return BLANK;
  const fast = matchHotForm(text, start);
  if (fast) return fast;
  const first = text[start];

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

/** Blank lines are common and carry nothing: one shared, never-modified form. */
const BLANK: LineForm = Object.freeze({ form: 'blank' });

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
  // Headers that start the line need no search for a lead; the general form is the fallback.
  const plain = text.startsWith('goroutine ') ? GOROUTINE_PLAIN.exec(text) : null;
  if (!plain) {
    if (text.includes('goroutine running on other thread')) return { form: 'stack-unavailable' };
    if (text.startsWith('goroutine profile: ')) {
      const p = PROFILE_HEADER.exec(text);
      if (p) return { form: 'profile-header', total: Number(p[1]) };
    }
  }

  const m = plain ?? GOROUTINE.exec(text);
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
  const status = parts[0] ?? '';
  const state = status.endsWith(')') ? status.replace(/ \((?:scan|durable|leaked)\)$/, '') : status;
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
  // `[-] scan …`, `[Recovery] …`: a log line in brackets still gets every other check.
  return GOLEAK_GOROUTINE.test(trimmed) ? { form: 'goleak-goroutine' } : matchOther(text);
}

function matchRaceLocation(trimmed: string): LineForm | undefined {
  const global = RACE_GLOBAL.exec(trimmed);
  if (global) {
    const [, name, size, file, fileLine] = global;
    return {
      form: 'race-location',
      kind: 'global',
      name,
      size: Number(size),
      file,
      fileLine: Number(fileLine),
    };
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
  const debug = matchDebugger(trimmed);
  if (debug) return debug;
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
  // A runtime error value quoted by an application logger (`FATAL Cause of failure: runtime
  // error: …`, `unexpected error, runtime error: …`).
  const quoted = / (runtime error: [a-z].*)$/.exec(trimmed);
  if (quoted) return { form: 'logged-panic', value: quoted[1] ?? '' };
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

function matchDebugger(trimmed: string): LineForm | undefined {
  if (trimmed.startsWith('Exception has occurred: ')) {
    const stop = DEBUGGER_STOP.exec(trimmed);
    if (stop) return { form: 'logged-panic', value: stop[1] ?? '' };
  }
  if (/^\d/.test(trimmed)) {
    const frame = DEBUGGER_FRAME.exec(trimmed);
    if (frame && looksLikeFunc(frame[1] ?? ''))
      return { form: 'frame', func: frame[1] ?? '', args: '' };
  }
  if (trimmed.startsWith('at ')) {
    const at = DEBUGGER_AT.exec(trimmed);
    if (at && /\.go$/.test(at[1] ?? ''))
      return { form: 'file', file: at[1] ?? '', line: Number(at[2]) };
  }
  return undefined;
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
  if (frame && looksLikeFunc(frame.func)) return frame;
  return other(text);
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
