// Infers the panic a goroutine was raising from the runtime helper that raised it.
import type { Goroutine, Headline } from './types.js';

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

/**
 * When the goroutine's stack shows `panic(…)` called from a runtime helper, returns the
 * headline that panic had. Used when the printed headline is a later symptom (a fatal error
 * raised by a deferred call while unwinding) or missing (a paste that starts mid-dump).
 */
export function inferHeadline(goroutine: Goroutine | undefined): Headline | undefined {
  if (!goroutine) return undefined;

  const frames = goroutine.frames;
  const limit = Math.min(frames.length, 60);
  for (let i = 0; i < limit; i++) {
    const func = frames[i]?.func;
    if (func !== 'panic' && func !== 'runtime.gopanic') continue;

    const caller = frames[i + 1];
    if (!caller) return undefined;
    const helper = HELPERS.find(([prefix]) => caller.func.startsWith(prefix));
    if (!helper) return undefined;
    return { form: 'inferred', text: helper[1], line: caller.line };
  }
  return undefined;
}
