// What a frame's function name says (package, runtime or standard library), memoised for one
// parse, and the Frame objects built from it.
import type { Frame } from './types.js';

/** Import path of a function's package: `net/http.(*conn).serve` → `net/http`. */
export function packageOf(func: string): string {
  if (func === 'panic') return 'runtime';
  const slash = func.lastIndexOf('/');
  const dot = func.indexOf('.', slash + 1);
  return dot < 0 ? func : func.slice(0, dot);
}

export interface FrameKind {
  func: string;
  pkg: string;
  isRuntime: boolean;
  isStdlib: boolean;
  /** The file the function was first seen in: shared by the frames that name it again. */
  file: string | undefined;
}

// What a function name says, memoised for one parse: a large dump repeats a few hundred
// names hundreds of thousands of times, and sharing one string per name keeps memory near
// the input size. parseReports clears it before and after each parse, so nothing outlives it.
const kinds = new Map<string, FrameKind>();
const MAX_MEMO = 50_000;

const states = new Map<string, string>();

export function clearFrameMemo(): void {
  kinds.clear();
  states.clear();
}

/** One string per goroutine state of a parse: a dump has a handful of them. */
export function sharedState(state: string): string {
  const known = states.get(state);
  if (known !== undefined) return known;
  if (states.size < MAX_MEMO) states.set(state, state);
  return state;
}

export function kindOf(func: string): FrameKind {
  const known = kinds.get(func);
  if (known) return known;
  const pkg = packageOf(func);
  const slash = pkg.indexOf('/');
  const first = slash < 0 ? pkg : pkg.slice(0, slash);
  const isRuntime =
    pkg === 'runtime' || pkg.startsWith('runtime/') || pkg.startsWith('internal/runtime');
  const isStdlib = !first.includes('.') && pkg !== 'main' && pkg !== 'command-line-arguments';
  const kind = { func, pkg, isRuntime, isStdlib, file: undefined };
  if (kinds.size < MAX_MEMO) kinds.set(func, kind);
  return kind;
}

/** One string per function's file (see `kinds`): frames of one function share it. */
export function shareFile(kind: FrameKind, file: string): string {
  if (kind.file === file) return kind.file;
  kind.file ??= file;
  return file;
}

/** The memo's string for a function name (`created by` lines repeat as much as frames). */
export function sharedName(name: string): string {
  return kindOf(name).func;
}

export function makeFrame(func: string, args: string, line: number): Frame {
  return frameOf(kindOf(func), args, line);
}

export function frameOf(kind: FrameKind, args: string, line: number): Frame {
  // Every field set up front: frames keep one shape, which V8 handles fastest.
  return {
    func: kind.func,
    pkg: kind.pkg,
    args,
    file: undefined,
    fileLine: undefined,
    line,
    isRuntime: kind.isRuntime,
    isStdlib: kind.isStdlib,
  };
}
