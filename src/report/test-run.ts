// Names the test a `go test` timeout interrupted and what it, and the goroutines it started,
// were waiting on.
import { isUserFrame } from './cluster.js';
import { shortPlace } from './race.js';
import type { CrashReport, Frame, Goroutine } from './types.js';

export interface RunningTest {
  /** Test name as `go test` prints it, subtests included: `TestA/case_1`. */
  name: string;
  /** How long it had run, from the `running tests:` list (go1.21+). */
  duration?: string;
  /** The goroutine running the test function, when the dump has it. */
  goroutine?: Goroutine;
  /** Goroutines the test started that were blocked too. */
  helpers: Goroutine[];
}

// `running tests:` lists each test as `\tTestName (10m0s)`.
const LISTED = /^\s+((?:Test|Benchmark|Example|Fuzz)\S*) \(([^)\s]+)\)$/;
const TEST_FUNC = /\.((?:Test|Benchmark|Example|Fuzz)[^.]*)((?:\.func\d+)*)$/;

/** The test that was running, or undefined when the report does not say. */
export function runningTest(report: CrashReport): RunningTest | undefined {
  const listed = listedTests(report);
  // The deepest subtest is the one that was actually blocked; its parents wait in t.Run.
  const deepest = listed.reduce<(typeof listed)[number] | undefined>(
    (best, t) => (!best || depth(t.name) > depth(best.name) ? t : best),
    undefined,
  );

  const runners = report.goroutines.filter((g) => testFrame(g) && !isParentWaiting(g));
  const top = deepest?.name.split('/')[0];
  const goroutine = top ? runners.find((g) => testFrame(g)?.name === top) : runners[0];
  const name = deepest?.name ?? (goroutine && testFrame(goroutine)?.name);
  if (!name) return undefined;

  const func = goroutine && testFrame(goroutine)?.frame.func;
  const helpers = func
    ? report.goroutines.filter((g) => g !== goroutine && isCreatedIn(g, func))
    : [];
  return { name, duration: deepest?.duration, goroutine, helpers };
}

function isCreatedIn(g: Goroutine, func: string): boolean {
  const creator = g.createdBy?.func;
  return creator === func || creator?.startsWith(`${func}.`) === true;
}

function listedTests(report: CrashReport): { name: string; duration: string }[] {
  const start = report.notes.findIndex((n) => n.text.trim() === 'running tests:');
  if (start < 0) return [];
  const tests: { name: string; duration: string }[] = [];
  for (const note of report.notes.slice(start + 1, start + 200)) {
    const m = LISTED.exec(note.text);
    if (!m) break;
    tests.push({ name: m[1] ?? '', duration: m[2] ?? '' });
  }
  return tests;
}

function depth(name: string): number {
  return name.split('/').length;
}

/** The frame just above testing.tRunner: the test function (or a subtest closure). */
function testFrame(g: Goroutine): { name: string; frame: Frame } | undefined {
  const runner = g.frames.findIndex((f) => f.func === 'testing.tRunner');
  const frame = runner > 0 ? g.frames[runner - 1] : undefined;
  const m = frame ? TEST_FUNC.exec(frame.func) : null;
  return frame && m ? { name: m[1] ?? '', frame } : undefined;
}

/** A parent test blocked in t.Run waits for its subtest; the subtest is the one to name. */
function isParentWaiting(g: Goroutine): boolean {
  return g.frames.find((f) => !f.isRuntime)?.func === 'testing.(*T).Run';
}

/** Context lines for a reply: the test, where it was blocked, what its helpers wait on. */
export function describeRunningTest(report: CrashReport): string[] {
  const test = runningTest(report);
  if (!test) return [];
  const ran = test.duration ? ` (running for ${test.duration})` : '';
  const lines = [`**Running test:** \`${test.name}\`${ran}`];
  if (test.goroutine) lines.push(`**It waited:** ${waitOf(test.goroutine)}`);
  for (const helper of test.helpers.filter((h) => h.state !== 'running').slice(0, 3)) {
    lines.push(`**A goroutine it started waited:** ${waitOf(helper)}`);
  }
  if (!test.goroutine && test.name) {
    lines.push('**Its stack:** not in the paste; paste the goroutine running `testing.tRunner`');
  }
  return lines;
}

function waitOf(g: Goroutine): string {
  const frame = g.frames.find(isUserFrame) ?? g.frames.find((f) => !f.isRuntime);
  const minutes = g.waitMinutes ? `, ${g.waitMinutes} min` : '';
  const where = frame ? ` in \`${frame.func}\` (${shortPlace(frame) ?? '?'})` : '';
  return `goroutine ${g.id} in \`${g.state}\`${minutes}${where}`;
}
