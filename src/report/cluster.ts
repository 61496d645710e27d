// Groups goroutines whose stacks are the same once arguments, addresses, ids and offsets are
// ignored, and merges those groups again when they agree up to their first user frame.
import type { CrashReport, Frame, Goroutine, ProfileGroup } from './types.js';

/** What the ranking (rank.ts) concluded about a group; `other` until it has run. */
export type GroupRole = 'lock-holder' | 'suspect' | 'normal' | 'other';

/** One bucket of goroutines with the same state and the same stack. */
export interface Group {
  count: number;
  /** Status or wait reason from the header, or one read from the frames (`isStateInferred`). */
  state: string;
  isStateInferred: boolean;
  /** Smallest and largest `N minutes` seen, or undefined when none printed a wait time. */
  waitMinutes: [number, number] | undefined;
  lockedToThread: number;
  /**
   * Top user frame (neither runtime nor standard library); in a stack without one, the
   * goroutine's entry function (`net/http.(*conn).serve`, `runtime.bgsweep`), which names it.
   */
  top: string;
  /** The standard-library call the top user frame is blocked in (`sync.(*Mutex).Lock`). */
  call: string | undefined;
  createdBy: string | undefined;
  /** Paste line of the first goroutine in the group, for evidence. */
  line: number;
  /** Frames of the first goroutine (or of the pprof record): the group's sample stack. */
  frames: Frame[];
  goroutines: Goroutine[];
  /** Distinct full stacks merged into this group by the second level (1 when none). */
  stacks: number;
  role: GroupRole;
  /** Why the ranking put the group where it is: `likely lock holder`, `normal: …`. */
  note: string | undefined;
  /** Attention score from the ranking; higher first. */
  score: number;
}

/**
 * First level: groups a report's goroutines (or its pprof debug=1 records) by state and the
 * function names of the whole stack, created-by included. Largest first. Linear in frames.
 */
export function clusterGoroutines(report: CrashReport): Group[] {
  if (report.profile.length > 0 && report.goroutines.length === 0) {
    return report.profile.map(profileGroup).sort(bySize);
  }

  // A trie keyed by state, then each function name, then the creator: function names are
  // shared strings whose hashes V8 caches, so no per-goroutine key string is ever built.
  const root = newNode();
  const groups: Group[] = [];
  for (const g of report.goroutines) {
    let node = step(root, g.state);
    for (const frame of g.frames) node = step(node, frame.func);
    node = step(node, g.isStackUnavailable ? '\0unavailable' : '\0');
    const leaf = step(node, g.createdBy?.func ?? '');
    if (!leaf.group) {
      leaf.group = newGroup(g.state, false, g.frames, g.createdBy?.func, g.line);
      groups.push(leaf.group);
    }
    add(leaf.group, g);
  }
  return groups.sort(bySize);
}

// Most nodes have one child (stacks share prefixes, then end), so the first child is held
// inline and a Map is made only for a second: all-distinct stacks stay near the input's size.
interface TrieNode {
  key: string | undefined;
  child: TrieNode | undefined;
  more: Map<string, TrieNode> | undefined;
  group: Group | undefined;
}

function newNode(): TrieNode {
  return { key: undefined, child: undefined, more: undefined, group: undefined };
}

function step(node: TrieNode, key: string): TrieNode {
  if (node.child === undefined) {
    node.key = key;
    node.child = newNode();
    return node.child;
  }
  if (node.key === key) return node.child;
  node.more ??= new Map();
  let next = node.more.get(key);
  if (!next) {
    next = newNode();
    node.more.set(key, next);
  }
  return next;
}

/**
 * Second level: merges first-level groups whose stacks agree from the top down to the first
 * user frame (callers below it and the creator may differ), e.g. workers started from
 * several places that all block in the same receive. Largest first.
 */
export function mergeGroups(groups: readonly Group[]): Group[] {
  const byKey = new Map<string, Group>();
  // A group alone under its key is used as it is; a copy is made only to merge into it.
  const copies = new Set<Group>();
  for (const group of groups) {
    const depth = userDepth(group.frames);
    const key = `${group.isStateInferred ? '?' : ''}${prefixKey(group.state, group.frames, depth)}`;
    let merged = byKey.get(key);
    if (!merged) {
      byKey.set(key, group);
      continue;
    }
    if (!copies.has(merged)) {
      merged = { ...merged, goroutines: [...merged.goroutines] };
      copies.add(merged);
      byKey.set(key, merged);
    }
    merged.count += group.count;
    merged.lockedToThread += group.lockedToThread;
    merged.waitMinutes = widen(merged.waitMinutes, group.waitMinutes);
    merged.stacks += group.stacks;
    for (const g of group.goroutines) merged.goroutines.push(g);
    merged.createdBy ??= group.createdBy;
  }
  return [...byKey.values()].sort(bySize);
}

/** A user frame is code that is neither the runtime nor the standard library. */
export function isUserFrame(frame: Frame): boolean {
  return !frame.isRuntime && !frame.isStdlib && frame.func !== 'panic';
}

function prefixKey(state: string, frames: readonly Frame[], depth: number): string {
  let key = state;
  for (let i = 0; i < depth; i++) key += `\n${frames[i]?.func}`;
  return key;
}

/** Frames from the top down to and including the first user frame; all when there is none. */
function userDepth(frames: readonly Frame[]): number {
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i];
    if (frame && isUserFrame(frame)) return i + 1;
  }
  return frames.length;
}

function newGroup(
  state: string,
  isStateInferred: boolean,
  frames: Frame[],
  createdBy: string | undefined,
  line: number,
): Group {
  const depth = userDepth(frames);
  const user = frames[depth - 1];
  const hasUser = user !== undefined && isUserFrame(user);
  const top = hasUser ? user : entryFrame(frames);
  const above = hasUser && depth >= 2 ? frames[depth - 2] : undefined;
  return {
    count: 0,
    state,
    isStateInferred,
    waitMinutes: undefined,
    lockedToThread: 0,
    top: top?.func ?? '(no frames)',
    call: above && !above.isRuntime ? above.func : undefined,
    createdBy,
    line,
    frames,
    goroutines: [],
    stacks: 1,
    role: 'other',
    note: undefined,
    score: 0,
  };
}

/** The deepest frame that says what the goroutine is for: not goexit, not runtime.main. */
function entryFrame(frames: readonly Frame[]): Frame | undefined {
  let runtime: Frame | undefined;
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i];
    if (!frame || frame.func === 'runtime.goexit' || frame.func === 'runtime.main') continue;
    if (!frame.isRuntime) return frame;
    runtime ??= frame;
  }
  return runtime ?? frames[0];
}

function add(group: Group, g: Goroutine): void {
  group.count++;
  if (g.isLockedToThread) group.lockedToThread++;
  if (g.waitMinutes !== undefined) {
    group.waitMinutes = widen(group.waitMinutes, [g.waitMinutes, g.waitMinutes]);
  }
  group.goroutines.push(g);
}

function widen(
  a: [number, number] | undefined,
  b: [number, number] | undefined,
): [number, number] | undefined {
  if (!a) return b;
  if (!b) return a;
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

function bySize(a: Group, b: Group): number {
  return b.count - a.count || a.line - b.line;
}

/** pprof debug=1 prints no states and hides runtime frames; read what the frames still show. */
function profileGroup(p: ProfileGroup): Group {
  const state = inferState(p.frames);
  const group = newGroup(state ?? 'unknown', state !== undefined, p.frames, undefined, p.line);
  group.count = p.count;
  return group;
}

const INFERRED_STATES: [prefix: string, state: string][] = [
  ['sync.runtime_SemacquireMutex', 'semacquire'],
  ['sync.runtime_SemacquireRWMutex', 'semacquire'],
  ['sync.runtime_Semacquire', 'semacquire'],
  ['sync.runtime_notifyListWait', 'sync.Cond.Wait'],
  ['internal/poll.runtime_pollWait', 'IO wait'],
  ['time.Sleep', 'sleep'],
  ['syscall.Syscall', 'syscall'],
  ['syscall.RawSyscall', 'syscall'],
  ['internal/runtime/syscall.Syscall', 'syscall'],
  // signal.Notify's loop sleeps in the runtime as a blocking syscall.
  ['os/signal.signal_recv', 'syscall'],
];

function inferState(frames: readonly Frame[]): string | undefined {
  const first = frames[0]?.func;
  if (first === undefined) return undefined;
  for (const [prefix, state] of INFERRED_STATES) if (first.startsWith(prefix)) return state;
  return undefined;
}
