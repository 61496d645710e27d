// Every fatal message of the runtime catalog is recognised by a specific entry or by
// runtime-internal-throw; the catalog lives in the project, not in ../shared.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, loadCatalog } from '../../src/knowledge/catalog.js';
import { catalogCoverage } from '../../src/knowledge/coverage.js';
import { ROOT, realDiagnoser } from '../helpers.js';

describe('the message catalog', () => {
  it('is kept in the project, with its source noted beside it', () => {
    expect(relative(ROOT, defaultDataDir())).toBe('data');
    const rows = loadCatalog();
    expect(rows.length).toBe(1843);
    expect(readFileSync(join(ROOT, 'data/go/README.md'), 'utf8')).toContain('Refresh');
    expect(existsSync(join(ROOT, 'data/go/traceback-format.md'))).toBe(true);
  });

  it('parses escapes and release lists', () => {
    const row = loadCatalog().find(
      (r) => r.message === 'small map with no empty slot (concurrent map writes?)',
    );
    expect(row?.releases).toEqual(['go1.24.0', 'go1.24.1', 'go1.25.0', 'go1.26.0']);
    expect(loadCatalog().some((r) => r.message.includes('\n'))).toBe(true);
  });
});

describe('catalogCoverage', () => {
  const coverage = catalogCoverage(realDiagnoser().entries);

  it('recognises every throw, fatal and C-abort message', () => {
    expect(coverage.items.filter((i) => i.isTarget).length).toBeGreaterThan(800);
    expect(coverage.unmapped.map((i) => `${i.form}: ${i.row.message}`)).toEqual([]);
  });

  it.each([
    ['concurrent map writes', 'concurrent-map-access'],
    ['all goroutines are asleep - deadlock!', 'deadlock'],
    ['sync: unlock of unlocked mutex', 'unlock-of-unlocked'],
    ['thread exhaustion', 'thread-exhaustion'],
    ['stack overflow', 'stack-overflow'],
    ['runtime/cgo: pthread_create failed: %s', 'pthread-create-failed'],
    ['runtime/cgo: malloc failed: %s', 'runtime-internal-throw'],
    ['traceback did not unwind completely', 'runtime-internal-throw'],
  ])('maps %j to %s', (message, id) => {
    const item = coverage.items.find((i) => i.isTarget && i.row.message === message);
    expect(item?.entryId).toBe(id);
  });

  it('builds reports in the layout of the release that prints them', () => {
    const item = coverage.items.find((i) => i.row.message === 'schedule: holding locks');
    expect(item?.paste).toMatch(/^fatal error: schedule: holding locks\n\ngoroutine 1 gp=0x/);
    expect(item?.paste).toContain('runtime.schedule(...)');
  });

  it('counts messages per entry, most first', () => {
    const [first] = coverage.byEntry;
    expect(first?.[0]).toBe('runtime-internal-throw');
    const total = coverage.byEntry.reduce((n, [, count]) => n + count, 0);
    expect(total).toBe(coverage.items.filter((i) => i.isTarget).length);
  });
});
