// The fast paths (states.ts matchHotForm for function and file lines, extract.ts cleaning only
// what a paste needs) give exactly what the original regexes gave, near-miss lines included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractLines } from '../../src/report/extract.js';
import { classifyLine } from '../../src/report/states.js';

// The original definitions, kept here as the reference.
const FILE_LINE = /^\s+(\S(?:.{0,2000}?\S)?):(\d+)(?: \+0x[0-9a-f]+)?(?: fp=\S+ sp=\S+ pc=\S+)?$/;
const OLD_FUNC = /^[\w\-~%]+(?:[./][\w\-~%]+)*\.[^\s]+$/;

function referenceFile(text: string): { file: string; line: number } | undefined {
  const m = FILE_LINE.exec(text);
  const file = m?.[1];
  if (!m || file === undefined) return undefined;
  if (file.includes('/') || /^[A-Za-z]:\\|\.go$|\.s$|\.c$/.test(file)) {
    return { file, line: Number(m[2]) };
  }
  return undefined;
}

function referenceFrame(text: string): { func: string; args: string } | undefined {
  const t = text.trim();
  if (!t.endsWith(')')) return undefined;
  for (let i = 1; i < t.length; i++) {
    if (t[i] !== '(' || t[i - 1] === '.') continue;
    const func = t.slice(0, i);
    const ok =
      func === 'panic' ||
      (!/\s/.test(func) && func.length <= 500 && OLD_FUNC.test(func) && !func.endsWith('.go'));
    return ok ? { func, args: t.slice(i + 1, -1) } : undefined;
  }
  return undefined;
}

const piece = (chars: string) =>
  fc.string({ unit: fc.constantFrom(...chars.split('')), maxLength: 12 });
const path = fc
  .array(fc.oneof(piece('abz09_-.'), fc.constantFrom('/', ':', ' ', '+0x', '\u2028', ':12')), {
    maxLength: 8,
  })
  .map((parts) => `/${parts.join('')}`);
/** Mostly the usual choice, sometimes one of the odd ones. */
function mostly(usual: string[], odd: string[]): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: fc.constantFrom(...usual), weight: 4 }, fc.constantFrom(...odd));
}
const fileLine = fc
  .tuple(
    mostly(['\t', '    '], [' ', '\u00a0\t']),
    path,
    mostly([':'], ['', '::']),
    mostly(['12', '0'], ['', '4294967296', 'x']),
    mostly(['', ' +0x1d'], [' +0xZZ', ' +0x', '+0x1f', ' +0x1d fp=0x1 sp=0x2 pc=0x3']),
    mostly([''], [' fp=0x1 sp=0x2 pc=0x3', ' pc=0x1', ' fp=0x1 pc=0x3', ' ', 'x']),
  )
  .map((parts) => parts.join(''));

const funcName = fc
  .tuple(
    mostly(['main', 'net/http', 'github.com/a/b-c'], ['', '.x', '/x', 'a b', '%~']),
    mostly(['.f', '.(*T).M', '.F.func1', '.F[...]'], ['', '..', '.go', '/', ' .f', '.\u00a0f']),
    piece('abAZ09_-~%./ '),
  )
  .map((parts) => parts.join(''));
const frameLine = fc
  .tuple(
    mostly(['', '  '], ['\t', ' \u2028']),
    funcName,
    mostly(['('], ['.(', '']),
    piece('0x1?, {}'),
    mostly([')'], ['', ') ']),
  )
  .map((parts) => parts.join(''));

describe('hot-path line forms', () => {
  it('reads file lines exactly as the FILE_LINE regex does', () => {
    fc.assert(
      fc.property(fileLine, (text) => {
        const form = classifyLine(text);
        const expected = referenceFile(text);
        if (expected) expect(form).toEqual({ form: 'file', ...expected });
        else expect(form.form).not.toBe('file');
      }),
      { numRuns: 3000 },
    );
  });

  it('reads function lines exactly as the old splitter and name regex did', () => {
    fc.assert(
      fc.property(frameLine, (text) => {
        const form = classifyLine(text);
        const expected = referenceFrame(text);
        if (expected) expect(form).toEqual({ form: 'frame', ...expected });
        else expect(form.form).not.toBe('frame');
      }),
      { numRuns: 3000 },
    );
  });

  it('still reads the common real lines', () => {
    expect(
      classifyLine('\t/usr/local/go/src/runtime/proc.go:398 +0xce fp=0xc sp=0xd pc=0xe'),
    ).toEqual({ form: 'file', file: '/usr/local/go/src/runtime/proc.go', line: 398 });
    expect(classifyLine('net/http.(*conn).serve(0xc0001, {0x7f7a40, 0xc0000a4000})')).toEqual({
      form: 'frame',
      func: 'net/http.(*conn).serve',
      args: '0xc0001, {0x7f7a40, 0xc0000a4000}',
    });
    expect(classifyLine('  main.main.func1()')).toEqual({
      form: 'frame',
      func: 'main.main.func1',
      args: '',
    });
  });
});

// The line cleaning as it was before it skipped repairs a paste does not need.
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"' };
// Escape sequences and control characters are dropped; backticks and `](` are neutralised
// so pasted text cannot break out of a code span or make a link in a reply.
const ANSI =
  /\u001b(?:\[[0-9;?]{0,32}[ -/]{0,4}[@-~]|\][^\u0007\u001b]{0,4096}(?:\u0007|\u001b\\)?|[@-_])/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function referenceClean(text: string): string {
  let t = text.length > 4096 ? text.slice(0, 4096) : text;
  t = t.replace(ANSI, '').replace(CONTROLS, '');
  if (t.includes('&')) t = t.replace(/&(?:lt|gt|amp|quot);/g, (e) => ENTITIES[e] ?? e);
  t = t
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u00a0/g, ' ');
  t = t.replace(/^(?:>[ \t]?)+/, '');
  t = t.replace(/^\^[\\C]/, '');
  t = t.replace(/^\s*```(?:[a-z]+(?=\s|$))?\s*/i, '');
  t = t.replace(/```\s*$/, '');
  if (t.startsWith('`') && !t.startsWith('``')) t = t.slice(1);
  if (t.endsWith('`') && !t.endsWith('``')) t = t.slice(0, -1);
  t = t.replace(/`/g, "'").replace(/\]\(/g, '] (');
  return t.replace(/\s+$/, '');
}

describe('line cleaning', () => {
  // No anchor (`panic: `, `goroutine N [`, …) can form from these, so no log prefix is cut.
  const chat = fc.string({
    unit: fc.constantFrom(
      'a',
      ' ',
      '\t',
      '>',
      '`',
      '```',
      '&lt;',
      '&amp',
      '\u2018',
      '\u201d',
      '\u00a0',
      '\u2003',
      '^\\',
      '^C',
      'go',
      '\n',
      '\r\n',
    ),
    maxLength: 60,
  });

  it('cleans every line as before', () => {
    fc.assert(
      fc.property(chat, (paste) => {
        const read = extractLines(`x\n${paste}`);
        if (!read.ok) return;
        const expected = `x\n${paste}`.split(/\r\n|\r|\n/).map(referenceClean);
        expect(read.lines.map((l) => l.text)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
