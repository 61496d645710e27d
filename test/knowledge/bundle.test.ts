// The build-time knowledge bundle is used only while it matches every knowledge file.
import { cpSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from '../../src/knowledge/bundle.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { ROOT } from '../helpers.js';

describe('knowledge bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crashdoc-kb-'));
  cpSync(join(ROOT, 'knowledge'), dir, { recursive: true });
  const file = join(dir, 'bundle.json');
  const entries = loadKnowledge(dir);
  writeBundle(dir, entries, file);

  it('returns the validated entries while the files are unchanged', () => {
    expect(readBundle(dir, file)?.map((e) => e.id)).toEqual(entries.map((e) => e.id));
  });

  it('goes stale when a file changes, and when one is added', () => {
    const target = join(dir, 'nil-map-assignment.md');
    utimesSync(target, new Date(), new Date(Date.now() + 5000));
    expect(readBundle(dir, file)).toBeUndefined();

    writeBundle(dir, entries, file);
    writeFileSync(join(dir, 'new-entry.md'), '---\n---\n');
    expect(readBundle(dir, file)).toBeUndefined();
  });

  it('is ignored when missing or unreadable', () => {
    expect(readBundle(dir, join(dir, 'missing.json'))).toBeUndefined();
    writeFileSync(file, '{not json');
    expect(readBundle(dir, file)).toBeUndefined();
  });
});
