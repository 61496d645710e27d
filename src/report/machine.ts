// The line state machine: each cleaned line moves it between documented states.
import { type Builder, finishReport, newBuilder } from './builder.js';
import { sharedName, sharedState } from './frames.js';
import { onCompile, onProfile, onRace, onSched } from './sections.js';
import { classifyLine, type LineForm } from './states.js';
import type { CrashReport, Goroutine, PasteLine } from './types.js';

/**
 * Parser states. Each line is classified by form (states.ts); the state decides what the
 * form means here.
 *
 * - `outside`: between reports. A headline (`panic:`, `fatal error:`, `WARNING: DATA RACE`,
 *   `SCHED …`, `goroutine profile:`, `# pkg`, `SIGSEGV: …`) opens a report; `runtime:` and
 *   other lines wait in `pending` and join the next report as notes (Go prints
 *   `runtime: …` lines before the `fatal error:` they explain).
 * - `header`: after a headline, before the first goroutine. Nested `\tpanic:` lines,
 *   `[signal …]`, `PC=… m=… sigcode=…`, `runtime:` lines. A `goroutine N [...]:` line moves
 *   to `stack`.
 * - `stack`: inside a goroutine. Function lines, `\tfile:line` lines, `created by`,
 *   `...N frames elided...`; a blank line returns to `header`; the next
 *   `goroutine` header starts another goroutine of the same report.
 * - `system`: after `runtime stack:` (the g0 stack of a throw); frames are skipped until the
 *   next goroutine header.
 * - `race`, `sched`, `profile`, `compile`: inside those report kinds; see their handlers.
 *
 * A new `panic:`/`fatal error:` at column 0 after goroutines have been read closes the report
 * and opens the next one, so one paste can yield several reports.
 */
export type State =
  | 'outside'
  | 'header'
  | 'stack'
  | 'system'
  | 'race'
  | 'sched'
  | 'profile'
  | 'compile';

const MAX_PENDING = 50;
/** gccgo prints function names without the argument list. */
const BARE_FUNC = /^[\w\-~%]+(?:\/[\w\-~%]+)*\.[^\s()]+$/;

export class Machine {
  state: State = 'outside';
  current: Builder | undefined;
  reports: CrashReport[] = [];
  pending: PasteLine[] = [];
  /** A `fatal error:` whose value a console wrapped onto the next line. */
  wrapped: { text: string } | undefined;

  feed(line: PasteLine): void {
    const f = classifyLine(line.text);
    if (this.wrapped && f.form !== 'blank') {
      const w = this.wrapped;
      this.wrapped = undefined;
      if (f.form === 'other') {
        w.text = line.text.trim().replace(/^"(.*)"$/, '$1');
        return;
      }
    }
    switch (f.form) {
      case 'panic':
        return this.onPanic(f, line);
      case 'fatal':
        return this.onFatal(f.value, line);
      case 'http-panic':
        this.open('panic', line);
        this.cur().headlines.push({ form: 'http-panic', text: f.value, line: line.line });
        this.cur().notes.push(line);
        return;
      case 'logged-panic':
        if (this.current && this.state !== 'outside' && this.current.headlines.length > 0) {
          // `PANIC: file.go:12: Suite.Test` names where; the next logged line says what.
          const first = this.current.headlines[0];
          if (first?.form === 'logged' && /^\S+\.go:\d+: /.test(first.text)) first.text = f.value;
          return this.note(line);
        }
        this.open('panic', line);
        {
          const headline = { form: 'logged' as const, text: f.value, line: line.line };
          this.cur().headlines.push(headline);
          // A debugger's `Exception has occurred: panic` puts the quoted value on the next line.
          if (f.value === '') this.wrapped = headline;
        }
        this.cur().notes.push(line);
        return;
      case 'child-signal':
        // After a crash this only confirms it; alone (`signal: killed`) it is the crash.
        if (this.current) return this.note(line);
        this.open('signal', line);
        this.cur().headlines.push({ form: 'signal', text: line.text.trim(), line: line.line });
        this.cur().notes.push(line);
        return;
      case 'fault-address':
        this.open('throw', line);
        this.cur().headlines.push({ form: 'fatal', text: line.text.trim(), line: line.line });
        this.cur().signalAddr = f.addr;
        return;
      case 'signal-bracket':
        return this.onSignalBracket(f, line);
      case 'signal-fatal':
        return this.onSignalFatal(f.name, line);
      case 'signal-pc':
      case 'cgo-signal':
        return this.onSignalDetail(f, line);
      case 'goroutine':
        return this.onGoroutine(f, line);
      case 'frame':
        return this.onFrame(f.func, f.args, line);
      case 'file':
        return this.onFile(f.file, f.line);
      case 'created-by':
        return this.onCreatedBy(f.func, f.parentId, line);
      case 'elided':
        if (this.current?.goroutine) this.current.goroutine.hasElidedFrames = true;
        return;
      case 'stack-unavailable':
        if (this.current?.goroutine) this.current.goroutine.isStackUnavailable = true;
        return;
      case 'runtime-stack':
        if (this.current) this.state = 'system';
        return;
      case 'blank':
        if (this.state === 'stack' || this.state === 'system') this.state = 'header';
        return;
      default:
        return this.onSpecial(f, line);
    }
  }

  onSpecial(f: LineForm, line: PasteLine): void {
    switch (f.form) {
      case 'race-banner':
        if (this.current?.kind !== 'race') this.open('race', line);
        this.cur().races.push({
          line: line.line,
          accesses: [],
          creators: [],
          hasFailedStack: false,
        });
        this.cur().headlines.push({ form: 'race', text: 'WARNING: DATA RACE', line: line.line });
        this.state = 'race';
        return;
      case 'race-access':
      case 'race-creator':
      case 'race-failed-stack':
        return onRace(this, f, line);
      case 'race-location':
        if (this.current?.kind !== 'race') return this.note(line);
        return onRace(this, f, line);
      case 'goleak-goroutine':
        // goleak names each leaked goroutine before its stack; when the paste was cut below
        // `found unexpected goroutines`, these lines are what says the stacks are goleak's.
        if (this.current?.kind !== 'goleak') this.open('goleak', line);
        return this.note(line);
      case 'sched':
      case 'sched-detail':
        return onSched(this, f, line);
      case 'profile-header':
      case 'profile-group':
      case 'profile-frame':
        return onProfile(this, f, line);
      case 'compile-package':
      case 'compile-error':
      case 'ice':
        return onCompile(this, f, line);
      case 'goleak':
        this.open('goleak', line);
        this.cur().headlines.push({ form: 'goleak', text: line.text.trim(), line: line.line });
        return;
      case 'running-tests':
        this.note(line);
        return;
      default:
        if (
          this.current?.goroutine &&
          (this.state === 'stack' || this.state === 'header') &&
          f.form === 'other' &&
          BARE_FUNC.test(line.text)
        ) {
          return this.onFrame(line.text, '', line);
        }
        this.note(line);
    }
  }

  cur(): Builder {
    if (!this.current) this.open('fragment', undefined);
    return this.current as Builder;
  }

  open(kind: CrashReport['kind'], line: PasteLine | undefined): void {
    this.close();
    this.current = newBuilder(kind, line?.line ?? 0);
    this.current.notes.push(...this.pending);
    this.pending = [];
    this.state = 'header';
  }

  close(): void {
    if (this.current) this.reports.push(finishReport(this.current));
    this.current = undefined;
    this.state = 'outside';
  }

  note(line: PasteLine): void {
    const b = this.current;
    if (!b || this.state === 'outside') {
      this.pending.push(line);
      if (this.pending.length > MAX_PENDING) this.pending.shift();
      return;
    }
    b.lastLine = line.line;
    if (b.notes.length < 5000) b.notes.push(line);
  }

  onPanic(f: Extract<LineForm, { form: 'panic' }>, line: PasteLine): void {
    const b = this.current;
    // Nested panics, or a panic printed right after another headline, extend the report.
    const extends_ = b && (f.isNested || (this.state === 'header' && b.goroutines.length === 0));
    if (!extends_ || (b && b.kind !== 'panic' && b.kind !== 'test-timeout' && !f.isNested)) {
      this.open(f.value.startsWith('test timed out after ') ? 'test-timeout' : 'panic', line);
    }
    const headline = {
      form: 'panic' as const,
      text: f.value,
      line: line.line,
      isRecovered: f.isRecovered,
      isRepanicked: f.isRepanicked,
    };
    this.cur().headlines.push(headline);
    this.cur().lastLine = line.line;
  }

  onFatal(value: string, line: PasteLine): void {
    const b = this.current;
    const isCompiler = b?.kind === 'compile' && b.compileErrors.length === 0;
    const extends_ =
      b &&
      (isCompiler || (this.state === 'header' && b.goroutines.length === 0 && b.kind !== 'race'));
    if (!extends_) this.open('throw', line);
    const builder = this.cur();
    if (builder.kind === 'panic' && builder.headlines.length > 0) builder.hasFatalAfterPanic = true;
    const headline = { form: 'fatal' as const, text: value, line: line.line };
    builder.headlines.push(headline);
    builder.lastLine = line.line;
    if (value.trim() === '') this.wrapped = headline;
  }

  onSignalBracket(f: Extract<LineForm, { form: 'signal-bracket' }>, line: PasteLine): void {
    // `runtime error: …` alone on the line above `[signal …]`: a panic line that lost its
    // `panic: ` (only the runtime prints `[signal` right under the value).
    const prev = this.pending.at(-1);
    if (
      (!this.current || this.state === 'outside') &&
      prev?.line === line.line - 1 &&
      prev.text.startsWith('runtime error: ')
    ) {
      this.pending.pop();
      this.open('panic', prev);
      this.cur().headlines.push({
        form: 'panic',
        text: prev.text.trim(),
        line: prev.line,
        isRecovered: false,
        isRepanicked: false,
      });
    }
    if (!this.current || this.state !== 'header') this.open('fragment', line);
    const b = this.cur();
    b.signal = {
      name: f.name,
      code: f.code,
      addr: f.addr,
      pc: f.pc,
      line: line.line,
      isDuringCgo: false,
    };
    b.notes.push(line);
  }

  onSignalFatal(name: string, line: PasteLine): void {
    const b = this.current;
    if (!b || this.state !== 'header' || b.goroutines.length > 0) {
      this.open(name === 'SIGQUIT' ? 'dump' : 'signal', line);
      this.cur().headlines.push({ form: 'signal', text: line.text.trim(), line: line.line });
    }
    this.cur().signal = { name, line: line.line, isDuringCgo: false, addr: this.cur().signalAddr };
    this.cur().notes.push(line);
  }

  onSignalDetail(f: LineForm, line: PasteLine): void {
    const signal = this.current?.signal;
    if (signal && f.form === 'signal-pc' && f.addr) signal.addr = f.addr;
    if (signal && f.form === 'cgo-signal') signal.isDuringCgo = true;
    this.note(line);
  }

  onGoroutine(f: Extract<LineForm, { form: 'goroutine' }>, line: PasteLine): void {
    const other = this.state === 'race' || this.state === 'sched' || this.state === 'profile';
    if (!this.current || other || this.state === 'compile') {
      // A compiler's own crash (internal compiler error) prints the compiler's goroutine.
      if (this.state !== 'compile') this.open('fragment', line);
    }
    const goroutine: Goroutine = {
      id: f.id,
      state: sharedState(f.state),
      waitMinutes: f.waitMinutes,
      isLockedToThread: f.isLockedToThread,
      frames: [],
      line: line.line,
    };
    const b = this.cur();
    b.goroutines.push(goroutine);
    b.goroutine = goroutine;
    b.lastLine = line.line;
    // Text before the header (`Stack trace: goroutine 7 …`, `leaktest.go:108: Leaked
    // goroutine: goroutine 1578 [IO wait]:`) is a tool's or logger's: keep it for signatures.
    // The extractor may have taken a lead that carried digits for a log prefix.
    const lead = line.prefix !== undefined || !line.text.trimStart().startsWith('goroutine ');
    if (lead && b.notes.length < 5000)
      b.notes.push({ line: line.line, text: (line.prefix ?? '') + line.text });
    this.state = 'stack';
  }

  onFrame(func: string, args: string, line: PasteLine): void {
    if (this.state === 'race') return this.cur().addRaceFrame(func, args, line.line);
    if (this.state === 'system') return;
    if (this.state === 'header' && this.current?.goroutine && this.current.headlines.length > 0) {
      // A blank line inside a stack (gccgo's C frames, chat-inserted blank lines) and no new
      // goroutine header after it: the same goroutine goes on.
      this.state = 'stack';
    }
    if (this.state !== 'stack') {
      // Frames with no goroutine header: a paste that starts mid-stack.
      if (!this.current || this.state === 'outside' || this.current.goroutines.length > 0) {
        if (!this.current || this.state === 'outside') this.open('fragment', line);
      }
      this.onGoroutine(
        { form: 'goroutine', id: -1, state: 'unknown', isLockedToThread: false },
        line,
      );
    }
    this.cur().addFrame(func, args, line.line);
  }

  onFile(file: string, fileLine: number): void {
    const b = this.current;
    if (!b) return;
    b.setFile(file, fileLine, this.state === 'race');
  }

  onCreatedBy(func: string, parentId: number | undefined, line: PasteLine): void {
    const g = this.current?.goroutine;
    if (g && (this.state === 'stack' || this.state === 'header')) {
      g.createdBy = { func: sharedName(func), parentId, line: line.line };
      this.current?.ignoreNextFile();
    }
  }
}
