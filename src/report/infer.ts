// Infers the first error of a report from its stack and signal line when Go's own headline
// for it is missing or was replaced by a later symptom.
import type { Goroutine, Headline, PasteLine, SignalInfo } from './types.js';

// The compiler turns failed bounds checks, nil dereferences and the like into calls to these
// runtime helpers, which call panic (printed as `panic(...)`) with the matching runtime error.
const HELPERS: [prefix: string, text: string][] = [
  ['runtime.goPanicIndex', 'runtime error: index out of range'],
  ['runtime.panicIndex', 'runtime error: index out of range'],
  ['runtime.goPanicSlice', 'runtime error: slice bounds out of range'],
  ['runtime.panicSlice', 'runtime error: slice bounds out of range'],
  ['runtime.panicdivide', 'runtime error: integer divide by zero'],
  ['runtime.panicmem', 'runtime error: invalid memory address or nil pointer dereference'],
  ['runtime.sigpanic', 'runtime error: invalid memory address or nil pointer dereference'],
  ['runtime.panicshift', 'runtime error: negative shift amount'],
  ['runtime.panicdottype', 'interface conversion'],
  ['runtime.panicnildottype', 'interface conversion'],
];

// Library and runtime functions that panic with one fixed message when misused. Seen as the
// caller of `panic`, or on top of a running goroutine whose panic line was cut off.
const PANICKERS: [prefix: string, text: string][] = [
  ['database/sql.Register', 'sql: Register called twice for driver'],
  ['sync.(*WaitGroup).Add', 'sync: negative WaitGroup counter'],
  ['flag.(*FlagSet).Var', 'flag redefined: '],
  ['expvar.Publish', 'Reuse of exported var name'],
  ['runtime.mapassign', 'assignment to entry in nil map'],
  ['runtime.chansend', 'send on closed channel'],
];

const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

export interface InferInput {
  goroutine: Goroutine | undefined;
  signal: SignalInfo | undefined;
  /** Form of the first printed headline, if any. */
  firstForm: Headline['form'] | undefined;
}

/**
 * Infers the headline of the first error when the printed one is a later symptom (a fatal
 * error raised by a deferred call while a panic unwound) or missing (a paste that starts
 * mid-dump). Returns undefined unless the stack or signal line says it unambiguously.
 */
export function inferHeadline(input: InferInput): Headline | undefined {
  const { goroutine, signal, firstForm } = input;
  if (!goroutine || (firstForm !== undefined && firstForm !== 'fatal')) return undefined;

  const frames = goroutine.frames;
  const panicAt = frames.slice(0, 60).findIndex((f) => PANIC_FUNCS.has(f.func));
  if (panicAt >= 0) {
    const caller = frames[panicAt + 1];
    const known = caller && (lookup(HELPERS, caller.func) ?? lookup(PANICKERS, caller.func));
    if (known && caller) return { form: 'inferred', text: known, line: caller.line };
  }

  // `[signal SIGSEGV … addr=0x28]` in Go code: a nil dereference, whether the panic line was
  // cut off or a deferred call turned it into a fatal error while it unwound.
  if ((firstForm === undefined || panicAt >= 0) && isNilSignal(signal) && !hasCgo(goroutine)) {
    return { form: 'inferred', text: NIL_DEREF, line: signal?.line ?? goroutine.line };
  }
  if (firstForm !== undefined) return undefined;

  const top = frames[0];
  if (top?.func === 'runtime.throw' && frames[1]?.func.startsWith('runtime.sysMap')) {
    return { form: 'inferred', text: 'runtime: out of memory', line: frames[1].line };
  }
  // A throw (go1.21+: fatal) raised straight from a map routine: the only fatal errors the map
  // code raises are its concurrent-use checks (hashmap*.go, map*.go, internal/runtime/maps).
  const mapFatal =
    top && THROWS.has(top.func) ? lookup(MAP_FATALS, frames[1]?.func ?? '') : undefined;
  if (mapFatal && frames[1]) return { form: 'inferred', text: mapFatal, line: frames[1].line };
  const known = top && goroutine.state === 'running' ? lookup(PANICKERS, top.func) : undefined;
  return known && top ? { form: 'inferred', text: known, line: top.line } : undefined;
}

// The runtime's fatal-error entry points: throw, and go1.21+'s fatal for errors user code caused.
const THROWS = new Set(['runtime.throw', 'runtime.fatal', 'internal/runtime/maps.fatal']);

// Map routines and the one fatal error each can raise (runtime/map*.go, internal/runtime/maps).
const MAP_FATALS: [prefix: string, text: string][] = [
  ['runtime.mapaccess', 'concurrent map read and map write'],
  ['runtime.mapiternext', 'concurrent map iteration and map write'],
  ['runtime.mapiterinit', 'concurrent map iteration and map write'],
  ['runtime.mapassign', 'concurrent map writes'],
  ['runtime.mapdelete', 'concurrent map writes'],
  ['runtime.mapclear', 'concurrent map writes'],
  ['internal/runtime/maps.', 'concurrent map writes'],
];

/** The stack tops in a throw (runtime.throw/fatal): what was inferred from it is a fatal error. */
export function isInferredFatal(goroutine: Goroutine | undefined): boolean {
  const top = goroutine?.frames[0];
  return top !== undefined && THROWS.has(top.func);
}

// go1.0–1.3 printed the panicking frame as runtime.panic; later Go prints `panic`.
const PANIC_FUNCS = new Set(['panic', 'runtime.gopanic', 'runtime.panic']);

function lookup(table: [string, string][], func: string): string | undefined {
  return table.find(([prefix]) => func.startsWith(prefix))?.[1];
}

function isNilSignal(signal: SignalInfo | undefined): boolean {
  if (!signal || !/^(?:SIGSEGV|SIGBUS|0xb|0xc0000005)$/.test(signal.name)) return false;
  const addr = signal.addr;
  return addr !== undefined && /^0x[0-9a-f]+$/i.test(addr) && Number.parseInt(addr, 16) < 0x1000;
}

function hasCgo(goroutine: Goroutine): boolean {
  return goroutine.frames.some(
    (f) => f.func.startsWith('runtime.cgocall') || f.func.includes('_Cfunc_'),
  );
}

// `runtime:` lines the runtime prints right before the fatal error they explain.
const PREAMBLES: [RegExp, string][] = [
  [
    /^runtime: pointer 0x[0-9a-f]+ to (?:unused region of|unallocated) span/,
    'found bad pointer in Go heap',
  ],
  [/^runtime: goroutine stack exceeds \d+-byte limit/, 'stack overflow'],
  [/^runtime: program exceeds \d+-thread limit/, 'thread exhaustion'],
  [/^runtime: failed to create new OS thread/, 'newosproc'],
];

/** The fatal error a `runtime:` line announces, for pastes cut off before the fatal line. */
export function inferFromPreamble(lines: readonly PasteLine[]): Headline | undefined {
  for (const l of lines) {
    const text = PREAMBLES.find(([re]) => re.test(l.text))?.[1];
    if (text) return { form: 'inferred', text, line: l.line };
  }
  return undefined;
}
