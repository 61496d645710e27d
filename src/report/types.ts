// The structured form of Go crash output: what the parser produces and the classifier reads.

/** One line of the original paste; `line` is 1-based and points into the paste as sent. */
export interface PasteLine {
  line: number;
  text: string;
  /** A log prefix removed from this line (extract.ts), kept for lines that may need it. */
  prefix?: string;
}

/** The forms of Go output a paste can hold (the "What people paste" table of DESIGN.md). */
export type ReportKind =
  | 'panic'
  | 'throw'
  | 'signal'
  | 'dump'
  | 'pprof'
  | 'race'
  | 'test-timeout'
  | 'schedtrace'
  | 'compile'
  | 'goleak'
  | 'fragment';

/** Where a headline came from: printed by Go, or inferred from a frame such as goPanicIndex. */
export type HeadlineForm =
  | 'panic'
  | 'fatal'
  | 'signal'
  | 'race'
  | 'test-timeout'
  | 'compile'
  | 'ice'
  | 'goleak'
  | 'http-panic'
  | 'logged'
  | 'inferred';

export interface Headline {
  form: HeadlineForm;
  /** The value after `panic: ` / `fatal error: `, or the whole line for other forms. */
  text: string;
  line: number;
  isRecovered?: boolean;
  isRepanicked?: boolean;
}

export interface Frame {
  /** Function as printed, e.g. `main.(*Server).Handle` or `net/http.(*conn).serve`. */
  func: string;
  /** Import path of the function's package, e.g. `net/http`, `main`, `github.com/a/b`. */
  pkg: string;
  args: string;
  file?: string;
  fileLine?: number;
  /** Paste line of the function line. */
  line: number;
  isRuntime: boolean;
  isStdlib: boolean;
}

export interface Goroutine {
  id: number;
  /** Status or wait reason from the header: `running`, `chan receive`, `IO wait`, ... */
  state: string;
  waitMinutes?: number;
  isLockedToThread: boolean;
  frames: Frame[];
  createdBy?: { func: string; parentId?: number; line: number };
  /** Paste line of the `goroutine N [...]:` header. */
  line: number;
  isStackUnavailable?: boolean;
  hasElidedFrames?: boolean;
}

export interface SignalInfo {
  name: string;
  code?: string;
  addr?: string;
  pc?: string;
  line: number;
  isDuringCgo: boolean;
}

/** One `SCHED` line of GODEBUG=schedtrace, with its scheddetail P/M lines when present. */
export interface SchedSample {
  line: number;
  ms: number;
  gomaxprocs: number;
  idleprocs: number;
  threads: number;
  spinningthreads: number;
  idlethreads: number;
  runqueue: number;
  localRunqueues: number[];
  nmidlelocked?: number;
  /** scheddetail M lines whose `lockedg` is set. */
  lockedMs?: number;
  /** scheddetail M lines that are `blocked=true`. */
  blockedMs?: number;
  /** scheddetail P lines by status: index 0 idle, 1 running, 2 syscall, 3 gcstop, 4 dead. */
  pStatus?: number[];
  /** scheddetail G lines with status 2 (running): goroutine ids. */
  runningGs?: number[];
}

export interface RaceAccess {
  op: 'read' | 'write';
  isPrevious: boolean;
  addr?: string;
  goroutine?: number;
  frames: Frame[];
  line: number;
  /** `[failed to restore the stack]` stood where this access's stack should be. */
  hasFailedStack?: boolean;
}

/** Where the raced-on memory lives: a global variable or a heap block and its allocation. */
export interface RaceLocation {
  kind: 'global' | 'heap';
  /** Global variable name, e.g. `main.counter`. */
  name?: string;
  size: number;
  /** Where a global is declared. */
  file?: string;
  fileLine?: number;
  /** The goroutine that allocated a heap block; undefined for the main goroutine. */
  goroutine?: number;
  /** The allocating stack of a heap block. */
  frames: Frame[];
  line: number;
  hasFailedStack?: boolean;
}

export interface RaceReport {
  line: number;
  accesses: RaceAccess[];
  /** `Goroutine N (running) created at:` blocks: goroutine id → creating frames. */
  creators: { goroutine: number; frames: Frame[]; line: number }[];
  location?: RaceLocation;
  hasFailedStack: boolean;
}

/** pprof `goroutine?debug=1` group: `N @ 0x…` then `#` frame lines. */
export interface ProfileGroup {
  count: number;
  frames: Frame[];
  line: number;
}

export interface CrashReport {
  kind: ReportKind;
  /** The headline that matters: the first error, not a symptom raised while it unwound. */
  headline?: Headline;
  /** Every headline in order of appearance, inferred ones included. */
  headlines: Headline[];
  signal?: SignalInfo;
  /** Lines that are neither goroutine headers nor frames (`runtime: …`, log lines, notes). */
  notes: PasteLine[];
  goroutines: Goroutine[];
  /** Index into `goroutines` of the goroutine that crashed, when known. */
  crashing?: number;
  races: RaceReport[];
  sched: SchedSample[];
  profile: ProfileGroup[];
  /** Compiler diagnostics (`./x.go:12:3: …`) for compile reports. */
  compileErrors: PasteLine[];
  /** The `# pkg` line go build printed before compiler output, when present. */
  compilePackage?: PasteLine;
  /** First and last paste line of this report. */
  startLine: number;
  endLine: number;
}
