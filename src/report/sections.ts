// The parser's section states: race reports, scheduler traces, pprof profiles and compiler
// output. Each handler opens its report kind on first sight and then feeds the builder.
import type { Machine } from './machine.js';
import type { LineForm } from './states.js';
import type { PasteLine } from './types.js';

export function onRace(m: Machine, f: LineForm, line: PasteLine): void {
  if (m.current?.kind !== 'race') {
    m.open('race', line);
    m.cur().races.push({ line: line.line, accesses: [], creators: [], hasFailedStack: false });
  }
  m.state = 'race';
  m.cur().onRaceLine(f, line.line);
}

export function onSched(m: Machine, f: LineForm, line: PasteLine): void {
  if (m.current?.kind !== 'schedtrace') {
    if (f.form === 'sched-detail' && m.state !== 'sched') return m.note(line);
    m.open('schedtrace', line);
  }
  m.state = 'sched';
  m.cur().onSchedLine(f, line.line);
}

export function onProfile(m: Machine, f: LineForm, line: PasteLine): void {
  if (m.current?.kind !== 'pprof') {
    if (f.form === 'profile-frame' && m.state !== 'profile') return m.note(line);
    m.open('pprof', line);
    m.cur().headlines.push({ form: 'goleak', text: line.text.trim(), line: line.line });
  }
  m.state = 'profile';
  m.cur().onProfileLine(f, line.line);
}

export function onCompile(m: Machine, f: LineForm, line: PasteLine): void {
  if (f.form === 'compile-package') {
    // `# pkg` also precedes a compiler that ran out of memory (`fatal error: runtime: out
    // of memory`): remember it; the fatal that follows will see it in pending.
    m.open('compile', line);
    m.cur().compilePackage = line;
    m.state = 'compile';
    return;
  }
  const isIce = f.form === 'ice' || (f.form === 'compile-error' && f.isIce);
  if (m.current?.kind !== 'compile' && !isIce) return m.note(line);
  if (m.current?.kind !== 'compile') m.open('compile', line);
  const b = m.cur();
  b.compileErrors.push(line);
  if (isIce) b.headlines.push({ form: 'ice', text: line.text.trim(), line: line.line });
  else if (!b.headlines.some((h) => h.form === 'compile')) {
    b.headlines.push({ form: 'compile', text: line.text.trim(), line: line.line });
  }
  b.lastLine = line.line;
  m.state = 'compile';
}
