// Truth checks: the shipped entries quote only what Go really prints, names and documents,
// and planted wrong entries fail with the file and line of the false claim.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKnowledgeTruth } from '../../src/cli/kb.js';
import { checkKnowledge, parseEntry } from '../../src/knowledge/load.js';
import { checkTruth } from '../../src/knowledge/truth.js';
import { loadTruthData } from '../../src/knowledge/truth-data.js';
import { findMessage } from '../../src/knowledge/truth-messages.js';
import { FIXTURES, ROOT } from '../helpers.js';

const data = loadTruthData(join(ROOT, 'data'));
const WRONG = join(FIXTURES, 'knowledge-wrong');

function problemsOf(text: string, file = 'knowledge/invented-runtime-message.md') {
  const { entry, problems } = parseEntry(file, text);
  if (!entry) throw new Error(problems.map((p) => p.message).join('; '));
  return checkTruth(entry, text, data);
}

describe('knowledge/ against the truth checks', () => {
  it('has no false or unsourced claims', () => {
    const { problems } = checkKnowledgeTruth(join(ROOT, 'knowledge'));
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
  });

  it('keeps a source on every row of the data lists', () => {
    expect(data.problems).toEqual([]);
    expect(data.godebug.size).toBeGreaterThan(50);
    expect(data.api.has('runtime.LockOSThread')).toBe(true);
  });
});

describe('planted wrong entries (test/fixtures/knowledge-wrong)', () => {
  const { problems } = checkKnowledgeTruth(WRONG);
  const of = (name: string) => problems.filter((p) => p.file.endsWith(`/${name}.md`));

  it.each([
    ['invented-runtime-message', 18, 'is not a message the Go runtime prints'],
    ['made-up-godebug', 22, 'GODEBUG setting "madeup" is not a documented setting'],
    [
      'invented-runtime-function',
      22,
      'runtime.cgoClearThreadLocalStorage is not a runtime function',
    ],
    ['unsourced-release-claim', 22, '"go1.24.1" is a claim about a Go release with no source'],
    ['invented-struct-field', 22, 'm.helpgc is not a field'],
    ['message-outside-bug-range', 21, 'is not printed by the releases this Go bug affects'],
    ['go-code-does-not-parse', 35, 'Go code does not parse'],
  ])('%s fails at line %i', (name, line, message) => {
    const found = of(name);
    expect(found.map((p) => p.message).join('\n')).toContain(message);
    expect(found.some((p) => p.line === line)).toBe(true);
  });

  it('fails kb check as a whole', () => {
    expect(problems.length).toBeGreaterThanOrEqual(8);
    expect(checkKnowledge(WRONG).entries.length).toBe(6);
  });
});

describe('the checks one by one', () => {
  const base = readFileSync(join(WRONG, 'invented-runtime-message.md'), 'utf8');
  const withCause = (cause: string) =>
    base
      .replace('The runtime checks its M structures.', cause)
      .replace(
        'The program stops with `fatal error: invalid m state: m validation failed`.',
        'The program crashes.',
      );

  it('accepts real messages with placeholders, values and [recovered]', () => {
    for (const quote of [
      '`fatal error: concurrent map writes`',
      '`fatal error: checkptr: …`',
      '`runtime: goroutine stack exceeds 1000000000-byte limit`',
      '`panic: runtime error: index out of range [5] with length 3 [recovered]`',
      '`panic: sync: negative WaitGroup counter`',
      '`fatal error: cgo callback before cgo call`',
    ]) {
      expect(problemsOf(withCause(`It prints ${quote}.`)), quote).toEqual([]);
    }
  });

  it('rejects a message that only looks like a runtime one', () => {
    expect(problemsOf(withCause('It prints `panic: runtime error: map is nil`.'))).toHaveLength(1);
    expect(problemsOf(withCause('It prints `fatal error: invalid m`.'))).toHaveLength(1);
    // A catalog message made only of dynamic parts (`%v: %v`) proves nothing.
    expect(findMessage('invalid m state: m validation failed', ['throw'], data)).toBeUndefined();
  });

  it('knows which releases print a message', () => {
    expect(
      findMessage('small map with no empty slot (concurrent map writes?)', ['fatal'], data)
        ?.releases,
    ).not.toContain('go1.23.0');
  });

  it('checks runtime and runtime/debug API, and every setting of a GODEBUG list', () => {
    expect(
      problemsOf(withCause('Call `debug.SetMaxThreads` or `runtime.LockOSThread()`.')),
    ).toEqual([]);
    expect(problemsOf(withCause('Call `debug.SetMaxGoroutines`.'))[0]?.message).toContain(
      'not exported',
    );
    expect(problemsOf(withCause('Use `GODEBUG=gctrace=1,schedtrace=1000`.'))).toEqual([]);
    expect(problemsOf(withCause('Use `GODEBUG=gctrace=1,threadtrace=1`.'))[0]?.message).toContain(
      'threadtrace',
    );
  });

  it('accepts a release claim sourced by its release notes, an issue or the catalog', () => {
    const claim = withCause('Since go1.21 the header says `created by … in goroutine N`.');
    expect(problemsOf(claim)).toHaveLength(1);
    const notes = claim.replace(
      'sources:\n',
      'sources:\n  - title: "Go 1.21 release notes"\n    url: https://go.dev/doc/go1.21\n',
    );
    expect(problemsOf(notes)).toEqual([]);
    const catalog = claim.replace(
      'sources:\n',
      'sources:\n  - title: "Crash output formats (data/go/traceback-format.md)"\n',
    );
    expect(problemsOf(catalog)).toEqual([]);
  });

  it('reports a data row that has no source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crashdoc-data-'));
    cpSync(join(ROOT, 'data'), dir, { recursive: true });
    const path = join(dir, 'go', 'godebug.tsv');
    writeFileSync(path, `${readFileSync(path, 'utf8')}madeup\t\t\tI heard of it\n`);
    expect(loadTruthData(dir).problems[0]?.message).toContain('"madeup" has no source');
  });
});
