// The parser is total and linear: any string in, reports out, never a throw or a stall.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDiagnoser } from '../../src/diagnose/diagnose.js';
import { readPaste } from '../../src/report/index.js';
import { realDiagnoser } from '../helpers.js';

const LINE_FORMS = [
  'panic: ',
  '\tpanic: x [recovered]',
  'fatal error: ',
  'goroutine 1 [running]:',
  'goroutine 2 gp=0x1 m=nil [chan receive, 3 minutes, locked to thread]:',
  'main.main()',
  'main.(*T).M(0x0, {0x1?, 0x2})',
  '\t/x/y.go:12 +0x1d',
  'created by main.f in goroutine 1',
  '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x1]',
  'WARNING: DATA RACE',
  'Read at 0x00c000 by goroutine 7:',
  'SCHED 0ms: gomaxprocs=4 idleprocs=0 threads=5 spinningthreads=0 idlethreads=0 runqueue=0 [0 0]',
  '  M1: p=0 curg=1 lockedg=1',
  'goroutine profile: total 3',
  '3 @ 0x1 0x2',
  '#\t0x1\tmain.f+0x1\t/x/y.go:1',
  '# pkg',
  './a.go:1:2: x declared and not used',
  '```',
  '> ',
  '&lt;',
  '',
];

describe('parser totality', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (paste) => {
        readPaste(paste);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on shuffled crash line forms and junk', () => {
    const line = fc.oneof(fc.constantFrom(...LINE_FORMS), fc.string({ maxLength: 80 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 200 }), (lines) => {
        const result = readPaste(lines.join('\n'));
        if (result.ok)
          for (const r of result.reports) expect(r.endLine).toBeGreaterThanOrEqual(r.startLine);
      }),
      { numRuns: 300 },
    );
  });

  it('diagnoses every generated paste without throwing', () => {
    const diagnoser = realDiagnoser();
    const line = fc.oneof(fc.constantFrom(...LINE_FORMS), fc.string({ maxLength: 80 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 100 }), (lines) => {
        const diagnosis = diagnoser.diagnoseSync(lines.join('\n'));
        expect(Array.isArray(diagnosis.candidates)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('hostile input', () => {
  const diagnoser = realDiagnoser();

  it('answers 5 MB of random bytes as binary', () => {
    const bytes = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    const diagnosis = diagnoser.diagnoseSync(bytes.toString('latin1'));
    expect(diagnosis.notice).toBe('binary');
    expect(diagnosis.candidates).toEqual([]);
  });

  it('reads a 1 MB single line', () => {
    const diagnosis = diagnoser.diagnoseSync(`panic: ${'a('.repeat(512 * 1024)}`);
    expect(diagnosis.reports[0]?.kind).toBe('panic');
  });

  it('reads 100k nested panic lines as one report', () => {
    const paste = `panic: x\n${'\tpanic: y [recovered]\n'.repeat(100_000)}`;
    const diagnosis = diagnoser.diagnoseSync(paste);
    expect(diagnosis.reports).toHaveLength(1);
    expect(diagnosis.reports[0]?.headlines.length).toBe(100_001);
  });

  it('survives lines built to make backtracking regexes explode', () => {
    const attacks = [
      `${'\t'.repeat(3000)}x`,
      `\t${'a:1'.repeat(1300)}x`,
      `goroutine 1 [${'a, '.repeat(1300)}`,
      `[signal x:${' code=a'.repeat(500)}`,
      `${'main.'.repeat(800)}(`,
      `created by ${'a.'.repeat(2000)}`,
      `${'(('.repeat(2000)})`,
    ];
    const paste = attacks.map((a) => `${a}\n`.repeat(200)).join('');
    const diagnosis = diagnoser.diagnoseSync(paste);
    expect(diagnosis.pasteLines).toBeGreaterThan(1000);
  });

  it('answers empty and whitespace-only pastes with the empty notice', () => {
    expect(diagnoser.diagnoseSync('').notice).toBe('empty');
    expect(diagnoser.diagnoseSync(' \n\t\n').notice).toBe('empty');
  });

  it('answers a paste over the size limit without reading it', () => {
    const small = createDiagnoser({ entries: diagnoser.entries, maxPasteBytes: 1000 });
    expect(small.diagnoseSync('panic: x\n'.repeat(200)).notice).toBe('too-large');
  });
});
