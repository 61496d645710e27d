// One benchmark measurement in its own process: diagnose one generated dump, time the
// stages, and read the process's peak RSS so it reflects this dump alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDiagnoser } from '../src/diagnose/diagnose.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { clusterGoroutines, mergeGroups } from '../src/report/cluster.js';
import { readPaste } from '../src/report/index.js';
import { rankGroups } from '../src/report/rank.js';
import { generateDump } from './generate.js';

export interface ChildResult {
  goroutines: number;
  mb: number;
  parseMs: number;
  groupMs: number;
  /** The whole diagnosis: parse, group, classify, search. */
  diagnoseMs: number;
  /** RSS high-water mark minus RSS before the paste was read, in MB. */
  peakRssMb: number;
  /** Heap used after diagnosing (diagnosis kept) minus heap used before reading the paste. */
  heapDeltaMb: number;
  top: string;
}

const MB = 1024 * 1024;

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function measureDump(file: string, root: string): ChildResult {
  const diagnoser = createDiagnoser({ entries: loadKnowledge(join(root, 'knowledge')) });
  // Warm the JIT on a small dump so the first measured run is not the interpreter's.
  const warm = generateDump(2_000, 7);
  for (let i = 0; i < 3; i++) diagnoser.diagnoseSync(warm);
  collect();

  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const paste = readFileSync(file, 'utf8');
  const mb = Buffer.byteLength(paste) / MB;

  const first = timeFirstRun(diagnoser, paste, rssBefore, heapBefore);
  // The machine is shared: the best of a few runs is the figure least disturbed by others.
  const times = [first.ms];
  for (let i = 1; i < RUNS; i++) times.push(timed(() => diagnoser.diagnoseSync(paste)));

  const parse: number[] = [];
  const group: number[] = [];
  for (let i = 0; i < RUNS - 1; i++) {
    collect();
    let read: ReturnType<typeof readPaste> | undefined;
    parse.push(timed(() => (read = readPaste(paste))));
    group.push(timed(() => groupAll(read)));
  }

  const { ms: _, ...rest } = first;
  return {
    ...rest,
    mb,
    parseMs: Math.min(...parse),
    groupMs: Math.min(...group),
    diagnoseMs: Math.min(...times),
  };
}

const RUNS = 3;

function timed(run: () => unknown): number {
  collect();
  const started = performance.now();
  run();
  return performance.now() - started;
}

function groupAll(read: ReturnType<typeof readPaste> | undefined): void {
  if (!read?.ok) return;
  for (const report of read.reports) rankGroups(mergeGroups(clusterGoroutines(report)));
}

/** The measured first run; the diagnosis is dropped when this returns. */
function timeFirstRun(
  diagnoser: ReturnType<typeof createDiagnoser>,
  paste: string,
  rssBefore: number,
  heapBefore: number,
) {
  const started = performance.now();
  const diagnosis = diagnoser.diagnoseSync(paste);
  const ms = performance.now() - started;
  return {
    ms,
    peakRssMb: (process.resourceUsage().maxRSS * 1024 - rssBefore) / MB,
    heapDeltaMb: (process.memoryUsage().heapUsed - heapBefore) / MB,
    goroutines: diagnosis.reports[0]?.goroutines.length ?? 0,
    top: diagnosis.candidates[0]?.entry.id ?? 'none',
  };
}
