// Ranks goroutine groups by what deserves attention: large groups blocked long, the likely
// holder of a lock many wait on, pile-ups of locked threads; known-normal goroutines go last.
import type { Group } from './cluster.js';
import { findLockHolder, isLockWaiter, lockSite } from './holder.js';
import { normalNote } from './normal.js';

export interface Ranking {
  /** Second-level groups, most deserving of attention first. */
  groups: Group[];
  /** Goroutines waiting to acquire a sync.Mutex or sync.RWMutex. */
  lockWaiters: number;
  /** The group holding the likely lock holder, when one is visible. */
  holder: Group | undefined;
  /** Goroutines in groups named as normal. */
  normalGoroutines: number;
  suspectGroups: number;
  /** Goroutines blocked (channel, select, lock, I/O…) outside the normal groups. */
  blockedGoroutines: number;
  /** Count of the largest such blocked, not-normal group. */
  largestBlockedGroup: number;
  /** Longest `N minutes` wait among those groups. */
  maxBlockedWaitMinutes: number;
}

// How much a wait in each state suggests a stuck goroutine; states absent here count 0.5.
// Sleeping, running and syscalls are activity, not evidence of a leak.
const STATE_WEIGHTS: Record<string, number> = {
  'chan receive': 1,
  'chan send': 1.1,
  'chan receive (nil chan)': 1.5,
  'chan send (nil chan)': 1.5,
  select: 0.9,
  'select (no cases)': 1,
  semacquire: 1.1,
  'sync.Mutex.Lock': 1.2,
  'sync.RWMutex.Lock': 1.2,
  'sync.RWMutex.RLock': 1.2,
  'sync.Cond.Wait': 1,
  'sync.WaitGroup.Wait': 1,
  'IO wait': 0.8,
  unknown: 0.7,
  syscall: 0.4,
  sleep: 0.2,
  running: 0.2,
  runnable: 0.2,
};

/** States in which a goroutine waits for something another goroutine must do. */
export function isBlockedState(state: string): boolean {
  return (STATE_WEIGHTS[baseState(state)] ?? 0) >= 0.7;
}

export interface RankOptions {
  /** Every group the paste lists is a leak by its own account (goleak's report). */
  isLeakReport?: boolean;
}

/** Scores and orders groups; sets each group's role and note. Linear in goroutines. */
export function rankGroups(groups: Group[], options: RankOptions = {}): Ranking {
  const waiters = groups.filter(isLockWaiter);
  const isWaiter = new Set(waiters);
  const lockWaiters = waiters.reduce((n, g) => n + g.count, 0);

  for (const group of groups) {
    const normal = normalNote(group);
    group.role = normal ? 'normal' : 'other';
    group.note = normal;
    group.score = normal ? 0 : attention(group);
  }

  const holder = lockWaiters >= 2 ? findLockHolder(groups, waiters) : undefined;
  for (const group of groups) {
    if (group.role === 'normal') continue;
    if (group === holder?.group) {
      group.role = 'lock-holder';
      group.note = holder.note;
    } else if (options.isLeakReport) {
      group.role = 'suspect';
      group.note = 'leaked: outlived the test (goleak)';
    } else if (isSuspect(group, lockWaiters)) {
      group.role = 'suspect';
      group.note = suspectNote(group, isWaiter.has(group), holder !== undefined);
    }
  }

  const ranked = [...groups].sort(byAttention);
  const blocked = groups.filter((g) => g.role !== 'normal' && isBlockedState(g.state));
  return {
    groups: ranked,
    lockWaiters,
    holder: holder?.group,
    normalGoroutines: sum(groups.filter((g) => g.role === 'normal')),
    suspectGroups: groups.filter((g) => g.role === 'suspect').length,
    blockedGoroutines: sum(blocked),
    largestBlockedGroup: blocked.reduce((n, g) => Math.max(n, g.count), 0),
    maxBlockedWaitMinutes: blocked.reduce((n, g) => Math.max(n, g.waitMinutes?.[1] ?? 0), 0),
  };
}

function attention(group: Group): number {
  const weight = STATE_WEIGHTS[baseState(group.state)] ?? 0.5;
  const wait = group.waitMinutes?.[1] ?? 0;
  return (
    weight * 10 * Math.log2(1 + group.count) +
    4 * Math.log2(1 + wait) +
    6 * Math.log2(1 + group.lockedToThread)
  );
}

function isSuspect(group: Group, lockWaiters: number): boolean {
  const state = baseState(group.state);
  if (group.lockedToThread >= 2) return true;
  if (!isBlockedState(state)) return false;
  if (state.endsWith('(nil chan)')) return true;
  if (isLockWaiter(group) && lockWaiters >= 2) return true;
  if (group.count >= 5) return true;
  // The main goroutine waits for the whole life of a server (a signal, a WaitGroup): a long
  // wait there is no sign of a leak.
  const isMainOnly = group.goroutines.length > 0 && group.goroutines.every((g) => g.id === 1);
  return !isMainOnly && (group.waitMinutes?.[1] ?? 0) >= 10;
}

function suspectNote(group: Group, isWaiter: boolean, hasHolder: boolean): string {
  const notes: string[] = [];
  if (isWaiter) {
    const site = lockSite(group);
    const where = site && site.func !== group.top ? ` in ${site.func}` : '';
    notes.push(`waiting for a lock${where}${hasHolder ? '' : '; no holder visible'}`);
  } else if (group.call?.endsWith('.Accept') || group.call?.endsWith(').Accept')) {
    notes.push('listener accepting: closed?');
  } else if (baseState(group.state).endsWith('(nil chan)')) {
    notes.push('blocked forever: nil channel');
  } else if (isBlockedState(group.state) && group.count >= 5) {
    notes.push('leak suspect');
  }
  if (group.lockedToThread > 0) notes.push(`${group.lockedToThread} locked to thread`);
  return notes.length > 0 ? notes.join('; ') : 'blocked long';
}

const ROLE_ORDER: Record<Group['role'], number> = {
  'lock-holder': 0,
  suspect: 1,
  other: 2,
  normal: 3,
};

function byAttention(a: Group, b: Group): number {
  return (
    ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
    b.score - a.score ||
    b.count - a.count ||
    a.line - b.line
  );
}

/** `chan receive (synctest)` and `… (durable)` wait like their plain states. */
function baseState(state: string): string {
  return state.replace(/ \((?:synctest|durable)\)$/, '');
}

function sum(groups: Group[]): number {
  return groups.reduce((n, g) => n + g.count, 0);
}
