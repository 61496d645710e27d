// The loader rejects broken entries with file and line, all problems at once.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../src/errors.js';
import { checkKnowledge, loadKnowledge, parseEntry } from '../../src/knowledge/load.js';
import { ROOT } from '../helpers.js';

const VALID = readFileSync(`${ROOT}/knowledge/nil-map-assignment.md`, 'utf8');

function problemsOf(text: string, file = 'knowledge/nil-map-assignment.md') {
  return parseEntry(file, text).problems;
}

describe('parseEntry', () => {
  it('parses a valid entry into its sections', () => {
    const { entry, problems } = parseEntry('knowledge/nil-map-assignment.md', VALID);
    expect(problems).toEqual([]);
    expect(entry?.fixes[0]?.before).toContain('r.handlers[name] = h');
    expect(entry?.workarounds.length).toBeGreaterThan(0);
    expect(entry?.verify.length).toBeGreaterThan(0);
  });

  it('names the line of an unknown front-matter key', () => {
    const problems = problemsOf(VALID.replace('severity: high', 'severity: high\ncolour: red'));
    expect(
      problems.some((p) => p.message.includes('colour') || p.message.includes('Unrecognized')),
    ).toBe(true);
  });

  it('rejects a pattern that needs backtracking', () => {
    const broken = VALID.replace('frame: runtime.mapassign', 'headlinePattern: "(a)\\\\1"');
    const problems = problemsOf(broken);
    expect(problems.map((p) => p.message).join()).toContain('RE2');
    expect(problems[0]?.line).toBeGreaterThan(1);
  });

  it('rejects a missing section and names the file', () => {
    const problems = problemsOf(VALID.replace('## Verify', '## Checks'));
    expect(problems[0]?.file).toBe('knowledge/nil-map-assignment.md');
    expect(problems[0]?.message).toContain('Symptoms, Cause, Fix, Workarounds, Verify, References');
  });

  it('rejects Go code that does not parse, at its line', () => {
    const broken = VALID.replace('r.handlers[name] = h\n}', 'r.handlers[name] = h\n');
    const problem = problemsOf(broken).find((p) => p.message === 'Go code does not parse');
    expect(problem?.line).toBeGreaterThan(20);
  });

  it('rejects an id that is not the file name', () => {
    expect(problemsOf(VALID, 'knowledge/other.md')[0]?.message).toContain(
      'must equal the file name',
    );
  });

  it('rejects a workaround table with other columns', () => {
    const problems = problemsOf(VALID.replace('| Cost |', '| Price |'));
    expect(problems.map((p) => p.message).join()).toContain('Workarounds needs one table');
  });

  it('rejects a condition with two selectors and a fact that does not exist', () => {
    const two = VALID.replace(
      'frame: runtime.mapassign',
      'frame: runtime.mapassign\n      signal: SIGSEGV',
    );
    expect(
      problemsOf(two)
        .map((p) => p.message)
        .join(),
    ).toContain('exactly one of');
    const fact = VALID.replace('frame: runtime.mapassign', 'fact: moonPhase');
    expect(problemsOf(fact).length).toBeGreaterThan(0);
  });
});

describe('loadKnowledge', () => {
  it('throws one KnowledgeError listing every broken file', () => {
    const dir = `${ROOT}/test/fixtures/knowledge`;
    expect(() => loadKnowledge(dir)).toThrow(KnowledgeError);
    const { problems } = checkKnowledge(dir);
    const files = new Set(problems.map((p) => p.file.split('/').at(-1)));
    expect(files).toEqual(new Set(['missing-fix-section.md', 'bad-yaml.md']));
  });
});
