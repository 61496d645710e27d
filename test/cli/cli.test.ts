// The command line as users run it: exit codes, formats, stdin, and errors on one line.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

function crashdoc(args: string[], input?: string) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args],
    {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('crashdoc CLI', () => {
  it('diagnoses a file as text', () => {
    const { code, stdout } = crashdoc(['samples/nil-map-assignment.txt']);
    expect(code).toBe(0);
    expect(stdout).toContain('Assignment to entry in nil map');
    expect(stdout).toContain('Workarounds');
  });

  it('reads stdin and prints the JSON contract', () => {
    const { code, stdout } = crashdoc(
      ['--format', 'json'],
      'panic: assignment to entry in nil map\n\ngoroutine 1 [running]:\nmain.main()\n',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.reports[0]).toMatchObject({
      kind: 'panic',
      headline: 'assignment to entry in nil map',
      goroutines: 1,
    });
    expect(json.diagnoses[0]).toMatchObject({ id: 'nil-map-assignment', confidence: 'high' });
    expect(json.diagnoses[0].evidence[0]).toEqual({
      line: 1,
      text: 'panic: assignment to entry in nil map',
    });
    expect(json.autoreply).toBe(true);
  });

  it('answers text that is not a Go crash with exit 0 and no diagnoses', () => {
    const { code, stdout } = crashdoc(['-f', 'json', '-'], 'hello, is anyone there?\n');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ diagnoses: [], autoreply: false });
  });

  it('prints markdown with the workaround table', () => {
    const { stdout } = crashdoc(['--format', 'markdown', 'samples/nil-map-assignment.txt']);
    expect(stdout).toMatch(/\| Workaround \| Removes the cause\? \| Cost \| When to choose it \|/);
    expect(stdout).toContain('```go');
  });

  it('searches with JSON output, best first', () => {
    const { code, stdout } = crashdoc([
      'search',
      'concurrent',
      'map',
      'writes',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const { matches } = JSON.parse(stdout);
    expect(matches[0].id).toBe('concurrent-map-access');
    expect(typeof matches[0].score).toBe('number');
  });

  it('exits 2 on usage errors', () => {
    expect(crashdoc(['--format', 'yaml', 'x']).code).toBe(2);
    expect(crashdoc(['--bogus']).code).toBe(2);
    expect(crashdoc(['search']).code).toBe(2);
  });

  it('reports an unreadable file in one line on stderr', () => {
    const { code, stderr } = crashdoc(['/nonexistent/crash.txt']);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('ENOENT');
  });

  it('passes kb check on the shipped knowledge and fails on a broken directory', () => {
    expect(crashdoc(['kb', 'check']).code).toBe(0);
    const broken = crashdoc(['kb', 'check', '--knowledge', 'test/fixtures/knowledge']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('missing-fix-section.md');
  });

  it('says the paste is binary instead of diagnosing it', () => {
    const file = join(tmpdir(), `crashdoc-binary-${process.pid}`);
    writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256)));
    const { code, stdout } = crashdoc(['-f', 'json', file]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).notice).toBe('binary');
  });
});
