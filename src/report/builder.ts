// Accumulates one report while the state machine reads it, then settles its derived fields.
import { type FrameKind, frameOf, kindOf, makeFrame, shareFile } from './frames.js';
import { inferHeadline, isInferredFatal } from './infer.js';
import type { LineForm } from './states.js';
import type {
  CrashReport,
  Frame,
  Goroutine,
  Headline,
  PasteLine,
  ProfileGroup,
  RaceAccess,
  RaceReport,
  ReportKind,
  SchedSample,
  SignalInfo,
} from './types.js';

export { makeFrame, packageOf } from './frames.js';

export interface Builder {
  kind: ReportKind;
  startLine: number;
  lastLine: number;
  headlines: Headline[];
  notes: PasteLine[];
  goroutines: Goroutine[];
  goroutine: Goroutine | undefined;
  signal: SignalInfo | undefined;
  signalAddr: string | undefined;
  races: RaceReport[];
  sched: SchedSample[];
  profile: ProfileGroup[];
  compileErrors: PasteLine[];
  compilePackage: PasteLine | undefined;
  hasFatalAfterPanic: boolean;
  addFrame(func: string, args: string, line: number): void;
  setFile(file: string, fileLine: number, isRace: boolean): void;
  ignoreNextFile(): void;
  onRaceLine(f: LineForm, line: number): void;
  addRaceFrame(func: string, args: string, line: number): void;
  onSchedLine(f: LineForm, line: number): void;
  onProfileLine(f: LineForm, line: number): void;
}

export function newBuilder(kind: ReportKind, startLine: number): Builder {
  let skipFile = false;
  let raceFrames: Frame[] | undefined;
  // The race access or location whose stack is being read, for `[failed to restore the stack]`.
  let raceTarget: { hasFailedStack?: boolean } | undefined;
  let lastFrame: Frame | undefined;
  let lastKind: FrameKind | undefined;

  const b: Builder = {
    kind,
    startLine,
    lastLine: startLine,
    headlines: [],
    notes: [],
    goroutines: [],
    goroutine: undefined,
    signal: undefined,
    signalAddr: undefined,
    races: [],
    sched: [],
    profile: [],
    compileErrors: [],
    compilePackage: undefined,
    hasFatalAfterPanic: false,

    addFrame(func, args, line) {
      lastKind = kindOf(func);
      lastFrame = frameOf(lastKind, args, line);
      b.goroutine?.frames.push(lastFrame);
      b.lastLine = line;
      skipFile = false;
    },

    setFile(file, fileLine, isRace) {
      if (skipFile) {
        skipFile = false;
        return;
      }
      const frame = isRace ? raceFrames?.at(-1) : lastFrame;
      if (frame && frame.file === undefined) {
        frame.file = isRace || !lastKind ? file : shareFile(lastKind, file);
        frame.fileLine = fileLine;
      }
    },

    ignoreNextFile() {
      skipFile = true;
    },

    onRaceLine(f, line) {
      const race = b.races.at(-1);
      if (!race) return;
      b.lastLine = line;
      if (f.form === 'race-access') {
        raceFrames = [];
        const { op, isPrevious, addr, goroutine } = f;
        const access: RaceAccess = { op, isPrevious, addr, goroutine, frames: raceFrames, line };
        race.accesses.push(access);
        raceTarget = access;
      } else if (f.form === 'race-creator') {
        raceFrames = [];
        raceTarget = undefined;
        race.creators.push({ goroutine: f.goroutine, frames: raceFrames, line });
      } else if (f.form === 'race-location') {
        raceFrames = [];
        const { kind, name, size, file, fileLine, goroutine } = f;
        race.location = { kind, name, size, file, fileLine, goroutine, frames: raceFrames, line };
        raceTarget = race.location;
      } else if (f.form === 'race-failed-stack') {
        race.hasFailedStack = true;
        if (raceTarget) raceTarget.hasFailedStack = true;
      }
    },

    addRaceFrame(func, args, line) {
      raceFrames?.push(makeFrame(func, args, line));
      b.lastLine = line;
    },

    onSchedLine(f, line) {
      b.lastLine = line;
      if (f.form === 'sched') b.sched.push(schedSample(f.ms, f.fields, f.local, line));
      else if (f.form === 'sched-detail') addDetail(b.sched.at(-1), f.which, f.id, f.fields);
    },

    onProfileLine(f, line) {
      b.lastLine = line;
      if (f.form === 'profile-group') b.profile.push({ count: f.count, frames: [], line });
      else if (f.form === 'profile-frame') {
        const frame = makeFrame(f.func, '', line);
        frame.file = f.file;
        frame.fileLine = f.line;
        b.profile.at(-1)?.frames.push(frame);
      }
    },
  };
  return b;
}

function schedSample(
  ms: number,
  fields: Map<string, string>,
  local: number[],
  line: number,
): SchedSample {
  const n = (key: string): number => Number(fields.get(key) ?? 0) || 0;
  const sample: SchedSample = {
    line,
    ms,
    gomaxprocs: n('gomaxprocs'),
    idleprocs: n('idleprocs'),
    threads: n('threads'),
    spinningthreads: n('spinningthreads'),
    idlethreads: n('idlethreads'),
    runqueue: n('runqueue'),
    localRunqueues: local,
  };
  if (fields.has('nmidlelocked')) sample.nmidlelocked = n('nmidlelocked');
  return sample;
}

function addDetail(
  sample: SchedSample | undefined,
  which: string,
  id: number,
  fields: Map<string, string>,
) {
  if (!sample) return;
  if (which === 'G') {
    // `status=2()`: the wait reason follows in parentheses; 0x1000 is the GC scan bit.
    const status = Number.parseInt(fields.get('status') ?? '', 10) & ~0x1000;
    if (status === 2) {
      sample.runningGs ??= [];
      sample.runningGs.push(id);
    }
    return;
  }
  if (which === 'M') {
    const lockedg = fields.get('lockedg');
    if (lockedg !== undefined && lockedg !== '-1' && lockedg !== 'nil') {
      sample.lockedMs = (sample.lockedMs ?? 0) + 1;
    }
    if (fields.get('blocked') === 'true') sample.blockedMs = (sample.blockedMs ?? 0) + 1;
  } else if (which === 'P') {
    const status = Number(fields.get('status'));
    sample.pStatus ??= [0, 0, 0, 0, 0];
    if (status >= 0 && status <= 4) sample.pStatus[status] = (sample.pStatus[status] ?? 0) + 1;
    const runq = Number(fields.get('runqsize') ?? 0) || 0;
    sample.localRunqueues.push(runq);
  }
}

/** Settles kind, crashing goroutine and the headline that matters. */
export function finishReport(b: Builder): CrashReport {
  const crashing = b.headlines.length > 0 && b.goroutines.length > 0 ? 0 : undefined;
  const headlines = [...b.headlines];

  // A fatal error raised while a panic unwound (e.g. a deferred Unlock) is a symptom: the
  // panic that started the unwinding is the first error.
  const goroutine = b.goroutines[crashing ?? 0];
  const inferred = inferHeadline({ goroutine, signal: b.signal, firstForm: headlines[0]?.form });
  if (inferred) headlines.unshift(inferred);
  // A panic raised inside the Go compiler (dev builds print the raw panic instead of
  // `internal compiler error`): the first error is the toolchain's, not the program's.
  const own = goroutine?.frames.find((f) => !f.isRuntime);
  const first = headlines[0];
  // …also when the `file:line: internal compiler error: panic during <pass>` line was cut off
  // and only the compiler goroutine, with its `panic` frame, is left.
  const isHeadless = first === undefined && goroutine?.frames.some((f) => f.func === 'panic');
  if (
    ((b.kind === 'panic' && first?.form === 'panic') || isHeadless) &&
    own?.func.startsWith('cmd/compile/')
  ) {
    headlines.unshift({
      form: 'inferred',
      text: 'internal compiler error (the compiler panicked)',
      line: first?.line ?? goroutine?.line ?? b.startLine,
    });
  }

  let kind = b.kind;
  if (kind === 'fragment' && headlines.length === 0 && isDumpExcerpt(b.goroutines)) kind = 'dump';
  if (kind === 'fragment' && headlines.length > 0 && headlines[0]?.form === 'inferred') {
    // Inferred from a throw at the top of the stack (runtime.throw/fatal): a fatal error.
    kind = headlines[0] === inferred && isInferredFatal(goroutine) ? 'throw' : 'panic';
  }
  // `# pkg` then `fatal error: runtime: out of memory`: the compiler, not the program, ran out.
  if (kind === 'compile' && headlines.some((h) => h.form === 'fatal')) kind = 'throw';
  if (kind === 'compile' && b.compileErrors.length === 0 && headlines.length === 0)
    kind = 'fragment';

  return {
    kind,
    headline: headlines[0],
    headlines,
    signal: b.signal,
    notes: b.notes,
    goroutines: b.goroutines,
    crashing: crashing ?? (kind === 'fragment' && b.goroutines.length === 1 ? 0 : undefined),
    races: b.races,
    sched: b.sched,
    profile: b.profile,
    compileErrors: b.compileErrors,
    compilePackage: b.compilePackage,
    startLine: b.startLine,
    endLine: Math.max(b.lastLine, b.startLine),
  };
}

/** Headerless goroutines are a dump when there are several, or one that is waiting. */
function isDumpExcerpt(goroutines: Goroutine[]): boolean {
  if (goroutines.length > 1) return true;
  // `goroutine 0 [idle]` is an M's g0: only signal dumps (SIGQUIT, GOTRACEBACK=system) print it.
  if (goroutines[0]?.id === 0) return true;
  const state = goroutines[0]?.state ?? 'unknown';
  return !['running', 'runnable', 'unknown', 'syscall', 'idle'].includes(state);
}
