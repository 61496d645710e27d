// `npm run bench`: parse + group + diagnose throughput on generated dumps of 1k, 10k and 100k
// goroutines, peak memory against input size, panic latency and CLI cold start.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChildResult, measureDump } from './child.js';
import { generateDump } from './generate.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = [1_000, 10_000, 100_000];
const TARGETS = { mbPerSecond: 50, ms100k: 1500, memoryRatio: 5 };

if (process.argv[2] === '--child') {
  // One size per process, so the peak RSS it reports belongs to that size alone.
  const result = measureDump(process.argv[3] ?? '', ROOT);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  await main();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crashdoc-bench-'));
  // Timings scale with what else the machine runs; say how busy it was.
  const load = () => (loadavg()[0] ?? 0).toFixed(1);
  console.log(`Node ${process.version}, ${availableParallelism()} CPUs, load ${load()} at start\n`);
  try {
    const results = SIZES.map((size) => runSize(dir, size));
    printDumps(results);
    await printLatency();
    printColdStart(process.argv.includes('--no-build'));
    console.log(`\nLoad average at the end: ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runSize(dir: string, goroutines: number): ChildResult {
  const file = join(dir, `dump-${goroutines}.txt`);
  writeFileSync(file, generateDump(goroutines, goroutines));
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', file],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (child.status !== 0) throw new Error(`bench child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

function printDumps(results: ChildResult[]): void {
  console.log('Goroutine dumps (parse + group + diagnose, best of 3 runs)\n');
  const rows = results.map((r) => [
    String(r.goroutines),
    r.mb.toFixed(1),
    r.parseMs.toFixed(0),
    r.groupMs.toFixed(0),
    r.diagnoseMs.toFixed(0),
    (r.mb / (r.diagnoseMs / 1000)).toFixed(1),
    r.peakRssMb.toFixed(0),
    (r.peakRssMb / r.mb).toFixed(2),
    r.heapDeltaMb.toFixed(0),
    r.top,
  ]);
  printTable(
    [
      'goroutines',
      'MB',
      'parse ms',
      'group ms',
      'total ms',
      'MB/s',
      'peak MB',
      'peak/input',
      'heap Δ MB',
      'diagnosis',
    ],
    rows,
  );

  const largest = results.at(-1);
  const middle = results.at(-2);
  if (largest && middle) {
    const growth = largest.diagnoseMs / largest.mb / (middle.diagnoseMs / middle.mb);
    console.log(
      `\nGrowth: time per MB at ${largest.goroutines} is ${growth.toFixed(2)}× that at ` +
        `${middle.goroutines} (1.00 = linear)`,
    );
    const mbs = largest.mb / (largest.diagnoseMs / 1000);
    check(
      `throughput ≥ ${TARGETS.mbPerSecond} MB/s`,
      mbs >= TARGETS.mbPerSecond,
      `${mbs.toFixed(1)} MB/s`,
    );
    check(
      `100k dump < ${TARGETS.ms100k} ms`,
      largest.diagnoseMs < TARGETS.ms100k,
      `${largest.diagnoseMs.toFixed(0)} ms`,
    );
    const ratio = largest.peakRssMb / largest.mb;
    check(
      `peak memory < ${TARGETS.memoryRatio}× input`,
      ratio < TARGETS.memoryRatio,
      `${ratio.toFixed(2)}×`,
    );
    check('linear growth (≤ 1.3)', growth <= 1.3, growth.toFixed(2));
  }
  console.log(
    '\npeak MB: the process RSS high-water mark minus its RSS before the paste was read;',
  );
  console.log('heap Δ MB: heap still used after diagnosing, while the diagnosis is kept.\n');
}

async function loadDiagnoser() {
  const { createDiagnoser } = await import('../src/diagnose/diagnose.js');
  const { loadKnowledge } = await import('../src/knowledge/load.js');
  return createDiagnoser({ entries: loadKnowledge(join(ROOT, 'knowledge')) });
}

async function printLatency(): Promise<void> {
  const diagnoser = await loadDiagnoser();
  {
    const paste = readFileSync(join(ROOT, 'samples/nil-map-assignment.txt'), 'utf8');
    for (let i = 0; i < 200; i++) diagnoser.diagnoseSync(paste);
    const times: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const started = performance.now();
      diagnoser.diagnoseSync(paste);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
    console.log(
      'Typical panic (samples/nil-map-assignment.txt), 2000 warm runs: ' +
        `median ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms\n`,
    );
  }
}

function printColdStart(skipBuild: boolean): void {
  const cli = join(ROOT, 'dist/src/cli/main.js');
  if (!skipBuild) {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0)
      console.log(`(npm run build failed; timing the existing dist/ if any)\n${build.stdout}`);
  }
  if (!existsSync(cli)) {
    console.log('CLI cold start: skipped, dist/src/cli/main.js is missing (npm run build)');
    return;
  }
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    spawnSync(process.execPath, [cli, 'samples/nil-map-assignment.txt'], { cwd: ROOT });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    'CLI cold start (node dist/src/cli/main.js samples/nil-map-assignment.txt): ' +
      `median of 10 ${(times[5] ?? 0).toFixed(0)} ms`,
  );
}

function check(name: string, ok: boolean, value: string): void {
  console.log(`  ${ok ? 'met ' : 'MISS'}  ${name}: ${value}`);
}

function printTable(columns: string[], rows: string[][]): void {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  console.log(line(columns));
  for (const row of rows) console.log(line(row));
}
