// Finds who likely holds the lock many goroutines wait for. A dump never says who holds a
// sync.Mutex, so this reads circumstantial evidence: the same object, the same code, a
// goroutine that is busy or blocked elsewhere while inside it.
import { type Group, isUserFrame } from './cluster.js';
import type { Frame } from './types.js';

const LOCK_STATES = new Set(['sync.Mutex.Lock', 'sync.RWMutex.Lock', 'sync.RWMutex.RLock']);

// The acquiring side of sync.Mutex and sync.RWMutex (go1.24 moved the slow path to
// internal/sync). Before go1.20 these waits printed as plain `semacquire`.
const LOCK_CALLS = [
  'sync.(*Mutex).Lock',
  'sync.(*Mutex).lockSlow',
  'sync.(*RWMutex).Lock',
  'sync.(*RWMutex).RLock',
  'sync.runtime_SemacquireMutex',
  'sync.runtime_SemacquireRWMutex',
  'internal/sync.(*Mutex).Lock',
  'internal/sync.(*Mutex).lockSlow',
  'internal/sync.runtime_SemacquireMutex',
];

const ACTIVE_STATES = new Set(['running', 'runnable', 'syscall']);

/** By convention a function named `…Locked` runs with its caller's lock held. */
const LOCKED_NAME = /(?:Locked|WithLock|UnderLock)(?:\.func\d+)*$/;

/** Whether a group is blocked acquiring a sync.Mutex or sync.RWMutex. */
export function isLockWaiter(group: Group): boolean {
  if (LOCK_STATES.has(group.state)) return true;
  if (group.state !== 'semacquire' && group.state !== 'unknown') return false;
  return group.frames.some((f) => LOCK_CALLS.includes(f.func));
}

/** The first frame below the sync package: the code that asked for the lock. */
export function lockSite(group: Group): Frame | undefined {
  return group.frames.find(
    (f) => !f.isRuntime && f.pkg !== 'sync' && f.pkg !== 'internal/sync' && f.func !== 'panic',
  );
}

/** `pkg.(*T).M` → `pkg.(*T)`; undefined for plain functions. */
function receiverType(func: string): string | undefined {
  const close = func.indexOf(').');
  return close > 0 && func.includes('.(') ? func.slice(0, close + 1) : undefined;
}

/** First argument word of a frame (the receiver of a method), without the `?` marker. */
function firstArg(frame: Frame): string | undefined {
  const comma = frame.args.indexOf(',');
  const word = (comma < 0 ? frame.args : frame.args.slice(0, comma)).trim().replace(/\?$/, '');
  return POINTER.test(word) ? word : undefined;
}

// Small words (0x0, 0x1) are flags and lengths, not objects; they would match everywhere.
const POINTER = /^0x[0-9a-f]{5,16}$/;

/** Goroutines looked at per group: enough to find a shared object, bounded on huge dumps. */
const SAMPLE = 64;

interface Clues {
  /** The functions that call Lock, with the line of the call when printed. */
  sites: Map<string, number | undefined>;
  types: Set<string>;
  receivers: Set<string>;
  locks: Set<string>;
  usesOnce: boolean;
}

function cluesOf(waiters: Group[]): Clues {
  const clues: Clues = {
    sites: new Map(),
    types: new Set(),
    receivers: new Set(),
    locks: new Set(),
    usesOnce: false,
  };
  for (const group of waiters) {
    const site = lockSite(group);
    if (site && !clues.sites.has(site.func)) clues.sites.set(site.func, site.fileLine);
    const type = site && receiverType(site.func);
    if (type) clues.types.add(type);
    if (group.frames.some((f) => f.func === 'sync.(*Once).doSlow')) clues.usesOnce = true;

    // Each goroutine may wait on its own object: collect every receiver and mutex address.
    for (const g of group.goroutines.slice(0, SAMPLE)) {
      const frame = g.frames.find((f) => f.func === site?.func);
      const receiver = frame && type ? firstArg(frame) : undefined;
      if (receiver) clues.receivers.add(receiver);
      for (const f of g.frames) {
        if (!LOCK_CALLS.includes(f.func)) continue;
        const lock = firstArg(f);
        if (lock) clues.locks.add(lock);
      }
    }
  }
  return clues;
}

/**
 * Scores every other group as the possible holder; returns the best when the evidence ties
 * it to the waiters (same object, same code or a lock-related frame), not just activity.
 */
export function findLockHolder(
  groups: Group[],
  waiters: Group[],
): { group: Group; note: string } | undefined {
  const clues = cluesOf(waiters);
  const isWaiter = new Set(waiters);
  let best: { group: Group; score: number; why: string } | undefined;

  for (const group of groups) {
    if (group.role === 'normal' || isWaiter.has(group)) continue;
    const why = relation(group, clues);
    if (!why) continue;
    // A mutex has one holder: a crowd in the same code is more waiting work than a holder.
    const crowd = group.count > 3 ? 2 : 0;
    const score = why.score + (ACTIVE_STATES.has(group.state) ? 3 : 1) - crowd;
    const better =
      !best || score > best.score || (score === best.score && group.count < best.group.count);
    if (score >= 4 && better) best = { group, score, why: why.text };
  }
  if (!best) return undefined;

  const doing = ACTIVE_STATES.has(best.group.state) ? best.group.state : `in ${best.group.state}`;
  const who =
    best.group.count === 1
      ? `goroutine ${best.group.goroutines[0]?.id ?? '?'}`
      : `one of ${best.group.count}`;
  return { group: best.group, note: `likely lock holder (${who}, ${doing}; ${best.why})` };
}

function relation(group: Group, clues: Clues): { score: number; text: string } | undefined {
  let score = 0;
  const reasons: string[] = [];
  const add = (points: number, text: string) => {
    score += points;
    reasons.push(text);
  };

  const own = group.frames.filter(isUserFrame);
  const site = own.find((f) => clues.sites.has(f.func));
  const lockLine = site && clues.sites.get(site.func);
  if (site && (lockLine === undefined || site.fileLine === undefined)) {
    add(2, `inside ${site.func} too`);
  } else if (site && lockLine !== undefined && (site.fileLine ?? 0) > lockLine) {
    // Further down the function than the Lock call: past it, most likely holding the lock.
    add(3, `inside ${site.func} past its Lock (line ${site.fileLine})`);
  } else if (!site) {
    const sameType = own.find((f) => clues.types.has(receiverType(f.func) ?? ''));
    if (sameType) add(2, `in ${sameType.func}, same type`);
  }
  if (sharesReceiver(group, clues.receivers)) add(4, 'same object');
  if (group.frames.some((f) => clues.locks.has(firstArg(f) ?? ''))) add(3, 'uses the same mutex');

  const locked = group.frames.find((f) => LOCKED_NAME.test(f.func));
  if (locked) add(2, `in ${locked.func}`);
  if (clues.usesOnce && group.frames.some((f) => f.func === 'sync.(*Once).doSlow')) {
    add(3, 'running the sync.Once function');
  }
  return score > 0 ? { score, text: reasons.join(', ') } : undefined;
}

function sharesReceiver(group: Group, receivers: Set<string>): boolean {
  if (receivers.size === 0) return false;
  for (const g of group.goroutines.slice(0, SAMPLE)) {
    for (const f of g.frames) if (isUserFrame(f) && receivers.has(firstArg(f) ?? '')) return true;
  }
  return false;
}
