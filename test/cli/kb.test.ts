// `crashdoc kb check` and `kb coverage` as users and CI run them: output and exit codes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

function crashdoc(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('crashdoc kb', () => {
  it('check passes on knowledge/ and fails, with file:line, on planted wrong entries', () => {
    expect(crashdoc(['kb', 'check']).code).toBe(0);
    const wrong = crashdoc(['kb', 'check', '--knowledge', 'test/fixtures/knowledge-wrong']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /invented-runtime-function\.md:22: runtime\.cgoClearThreadLocalStorage/,
    );
  });

  it('coverage maps every fatal message to an entry', () => {
    const { code, stdout } = crashdoc(['kb', 'coverage']);
    expect(code).toBe(0);
    expect(stdout).toContain('not recognised: 0');
    expect(stdout).toMatch(/\d+ {2}runtime-internal-throw/);
  });
});
