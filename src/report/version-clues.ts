// Go-version clues in the shape of crash output: lines whose format only some releases print.
import type { PasteLine } from './types.js';

/**
 * A range of Go 1.x minor releases a clue allows, both ends inclusive (`min: 21` is go1.21.0
 * and later). Every rule below cites data/go/traceback-format.md (§ = section), which was
 * checked against the Go source at each release tag from go1.19 to go1.27.
 */
export interface Clue {
  min?: number;
  max?: number;
  line: number;
  text: string;
  reason: string;
}

type Bounds = Pick<Clue, 'min' | 'max' | 'reason'>;

// §3: `goroutine N gp=0x… m=N mp=0x… [...]:` appears from go1.22 (commit 3a9254636c) for the
// goroutine of a runtime throw or fatal signal, and for all goroutines at GOTRACEBACK>=system.
const GP_HEADER = /(?:^|\s)goroutine \d+ gp=0x[0-9a-f]+ m=(?:\d+|nil)/;
const HEADER = /(?:^|\s)goroutine \d+(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[([^\]]{1,300})\](.*)$/;
// §4: ` in goroutine N` after `created by` since go1.21 (commit 51225f6fc6, issue #38651).
const CREATED_IN = /^\s*created by \S+ in goroutine \d+/;
// §4: deep stacks print `...N frames elided...` since go1.21 (commit 9eba17ff90, #7181);
// go1.19–go1.20 printed `...additional frames elided...`, which go1.21+ keeps only for
// tracebackancestors output (after `[originating from goroutine N]:`).
const ELIDED_COUNT = /^\s*\.\.\.\d+ frames elided\.\.\.\s*$/;
const ELIDED_OLD = /^\s*\.\.\.additional frames elided\.\.\.\s*$/;
const ANCESTORS = /^\s*\[originating from goroutine \d+\]:/;
// §1: `[recovered, repanicked]` since go1.25 (go1.25.md:162–179, issue #71517).
const REPANICKED = /^\s*panic: .*\[recovered, repanicked\]\s*$/;
// §4: a `?` after an argument word marks a possibly stale register spill, since go1.18.
// Bounded name and a simple search in the arguments: long lines of `(` must not backtrack.
const STALE_ARG =
  /^[\w./*[\]~%-]{1,300}(?:\(\*?[\w.[\]]{1,200}\))?[\w./*[\]~%-]{0,300}\(.{0,2000}?\b0x[0-9a-f]+\?[,)}\s]/;
// §6 (go1.24 row) and messages.tsv: swiss-table maps live in internal/runtime/maps from go1.24.
const SWISS_MAP_FRAME = /^internal\/runtime\/maps\.\S+\(/;
// §2: runtime.fatal, for user-caused fatal errors, exists since go1.19.
const FATAL_FRAME = /^runtime\.fatal\(/;
const PANIC_OR_FATAL = /^(?:\t?panic: |fatal error: )/;

/** §3 wait-reason history: the release that added (or last printed) each wait reason. */
const WAIT_REASONS: Record<string, Omit<Bounds, 'reason'>> = {
  'sync.Mutex.Lock': { min: 20 },
  'sync.RWMutex.RLock': { min: 20 },
  'sync.RWMutex.Lock': { min: 20 },
  'GC worker (active)': { min: 20 },
  'GC mark termination': { min: 20 },
  'stopping the world': { min: 20 },
  'timer goroutine (idle)': { max: 19 },
  'flushing proc caches': { min: 22 },
  'trace goroutine status': { min: 22 },
  'trace proc status': { min: 22 },
  'page trace flush': { min: 22 },
  coroutine: { min: 22 },
  'sync.WaitGroup.Wait': { min: 24 },
  'GC weak to strong wait': { min: 24 },
  'synctest.Run': { min: 24 },
  'synctest.Wait': { min: 24 },
  // go1.25 renamed the `(synctest)` reasons to `(durable)`.
  'chan receive (synctest)': { min: 24, max: 24 },
  'chan send (synctest)': { min: 24, max: 24 },
  'select (synctest)': { min: 24, max: 24 },
  'GOMAXPROCS updater (idle)': { min: 25 },
  'cleanup wait': { min: 25 },
  'waiting for cgo callback': { min: 26 },
};

/** Messages whose text exists only in some releases (FACTCHECK a, §1 and §6 of the format). */
const MESSAGES: [text: string, bounds: Bounds][] = [
  ['panic called with nil argument', { min: 21, reason: '`panic(nil)` message (go1.21+)' }],
  [
    'exited a goroutine internally locked to the OS thread',
    { min: 23, reason: 'LockOSThread throw reworded in go1.23' },
  ],
  ['invalid m->lockedInt', { max: 22, reason: 'LockOSThread print removed in go1.23' }],
  [
    'runtime.Goexit called in a thread that was not created by the Go runtime',
    { min: 24, reason: 'throw added in go1.24' },
  ],
];

/** Collects every format clue in the lines, first occurrence per rule. Linear, never throws. */
export function collectClues(lines: readonly PasteLine[]): Clue[] {
  const clues = new Map<string, Clue>();
  const add = (key: string, l: PasteLine, bounds: Bounds) => {
    if (!clues.has(key)) clues.set(key, { ...bounds, line: l.line, text: l.text.trim() });
  };

  let inAncestors = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as PasteLine;
    const text = l.text;
    if (text.length === 0) continue;

    if (ANCESTORS.test(text)) inAncestors = true;
    if (text.includes('goroutine ')) {
      const header = HEADER.exec(text);
      if (header) {
        inAncestors = false;
        headerClues(header[1] ?? '', header[2] ?? '', l, add);
      }
      if (GP_HEADER.test(text)) add('gp', l, { min: 22, reason: '`gp=… m=…` goroutine header' });
      if (CREATED_IN.test(text)) {
        add('created-in', l, { min: 21, reason: '`created by … in goroutine N`' });
      }
    }
    lineClues(lines, i, inAncestors, add);
  }
  return [...clues.values()];
}

function lineClues(
  lines: readonly PasteLine[],
  i: number,
  inAncestors: boolean,
  add: (key: string, l: PasteLine, bounds: Bounds) => void,
): void {
  const l = lines[i] as PasteLine;
  const trimmed = l.text.trimStart();
  if (ELIDED_COUNT.test(l.text)) add('elided-n', l, { min: 21, reason: '`...N frames elided...`' });
  if (ELIDED_OLD.test(l.text) && !inAncestors) {
    add('elided-old', l, { max: 20, reason: '`...additional frames elided...` in a goroutine' });
  }
  if (REPANICKED.test(l.text))
    add('repanicked', l, { min: 25, reason: '`[recovered, repanicked]`' });
  if (SWISS_MAP_FRAME.test(trimmed)) {
    add('swiss', l, { min: 24, reason: '`internal/runtime/maps` frames (swiss-table maps)' });
  }
  if (FATAL_FRAME.test(trimmed))
    add('fatal-frame', l, { min: 19, reason: '`runtime.fatal` frame' });
  if (trimmed.includes('?') && STALE_ARG.test(trimmed)) {
    add('stale-arg', l, { min: 18, reason: '`?` marks on frame arguments' });
  }
  for (const [message, bounds] of MESSAGES) {
    if (l.text.includes(message)) add(message, l, bounds);
  }
  if (PANIC_OR_FATAL.test(l.text) && hasIndentedContinuation(lines, i)) {
    add('indented', l, { min: 23, reason: 'multi-line panic value indented with a tab' });
  }
}

function headerClues(
  inside: string,
  after: string,
  l: PasteLine,
  add: (key: string, l: PasteLine, bounds: Bounds) => void,
): void {
  const [status = '', ...rest] = inside.split(', ');
  const bare = status.replace(/ \((?:scan|durable|leaked)\)$/, '');
  const known = WAIT_REASONS[bare] ?? WAIT_REASONS[status];
  if (known) add(`wait:${bare}`, l, { ...known, reason: `wait reason \`${bare}\`` });
  if (status.endsWith(' (durable)')) add('durable', l, { min: 25, reason: '`(durable)` marker' });
  if (status.endsWith(' (leaked)')) add('leaked', l, { min: 26, reason: '`(leaked)` marker' });

  // §3 per-version additions to the header.
  for (const part of rest) {
    if (part.startsWith('synctest group '))
      add('group', l, { min: 24, max: 24, reason: '`synctest group`' });
    if (part.startsWith('synctest bubble '))
      add('bubble', l, { min: 25, reason: '`synctest bubble`' });
    if (part.startsWith('labels:{'))
      add('labels-in', l, { min: 26, reason: 'labels inside brackets' });
  }
  if (/^ \{.*\}:\s*$/.test(after))
    add('labels-out', l, { min: 27, reason: 'labels after brackets' });
}

/**
 * §1: since go1.23 every newline inside a panic or fatal-error value is followed by a TAB
 * (printindented, go1.23.md:130–134, issue #64590); before, continuation lines were verbatim.
 * So a value whose continuation lines all start with a TAB (and are not nested `panic:` lines
 * or frame file lines) was printed by go1.23 or later. Chat that turns tabs into spaces hides
 * this clue, which is why it needs a real TAB.
 */
function hasIndentedContinuation(lines: readonly PasteLine[], i: number): boolean {
  let indented = 0;
  for (let j = i + 1; j < lines.length && j < i + 200; j++) {
    const text = (lines[j] as PasteLine).text;
    if (text.trim() === '' || text.startsWith('[signal ') || text.startsWith('goroutine ')) break;
    if (text.startsWith('\tpanic: ')) break;
    if (!text.startsWith('\t') || /^\t\S.*:\d+(?: \+0x[0-9a-f]+)?$/.test(text)) return false;
    indented++;
  }
  return indented > 0;
}
