// Cleaned paste lines in, crash reports out: runs the state machine. Total and linear.
import { finishReport, newBuilder } from './builder.js';
import { clearFrameMemo } from './frames.js';
import { inferFromPreamble } from './infer.js';
import { looksLikeFunc } from './line-scan.js';
import { Machine } from './machine.js';
import { classifyLine } from './states.js';
import type { CrashReport, PasteLine } from './types.js';

/** Parses every report in the cleaned lines of a paste. Never throws; may return none. */
export function parseReports(lines: readonly PasteLine[]): CrashReport[] {
  clearFrameMemo();
  const machine = new Machine();
  let last = lines.length - 1;
  while (last >= 0 && (lines[last]?.text.trim() ?? '') === '') last--;
  for (const [i, line] of lines.entries()) {
    // A paste cut in the middle of a function line (`runtime.cgocall(0xa691e0, 0xc00021e0b`)
    // still names the function; only the last line of a paste can be cut like that.
    const cut = i === last ? cutFrame(line.text) : undefined;
    if (cut && machine.current?.goroutine && machine.state === 'stack') {
      machine.onFrame(cut.func, cut.args, line);
    } else machine.feed(line);
  }
  machine.close();
  clearFrameMemo();
  const reports = machine.reports.filter(isReport);
  if (reports.length > 0) return reports;

  // The fatal line itself was cut off, but the runtime's lines printed before it say which.
  const preamble = inferFromPreamble(machine.pending);
  if (!preamble) return [];
  const builder = newBuilder('throw', preamble.line);
  builder.notes.push(...machine.pending);
  builder.headlines.push(preamble);
  return [finishReport(builder)];
}

/** `pkg.f(0x1, 0x` at the end of a paste: a function line whose argument list was cut off. */
function cutFrame(text: string): { func: string; args: string } | undefined {
  const trimmed = text.trim();
  const open = trimmed.lastIndexOf('(');
  // Go prints no parentheses inside an argument list and no space inside a function name;
  // `(` right after `.` is a method receiver, not the argument list.
  if (open <= 0 || trimmed.includes(')', open) || trimmed.slice(0, open).includes(' '))
    return undefined;
  if (trimmed.charCodeAt(open - 1) === 46 || classifyLine(text).form !== 'other') return undefined;
  const func = trimmed.slice(0, open);
  return looksLikeFunc(func) ? { func, args: trimmed.slice(open + 1) } : undefined;
}

/** A report must hold something Go printed; prose that only produced notes is dropped. */
function isReport(report: CrashReport): boolean {
  if (report.headlines.length > 0) return true;
  if (report.goroutines.some((g) => g.frames.length > 0)) return true;
  // Header lines alone (`grep '^goroutine'` of a dump, or a log that kept only them) are still
  // Go's: several `goroutine N [state, M minutes]:` lines say how many wait and for how long.
  if (report.goroutines.length >= 2) return true;
  return report.sched.length > 0 || report.profile.length > 0 || report.races.length > 0;
}
