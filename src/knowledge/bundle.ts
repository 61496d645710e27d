// A pre-validated copy of knowledge/ written at build time, so the CLI starts without parsing
// Markdown, YAML and Go code on every run. Any edit to knowledge/ makes the copy stale, and a
// stale or missing copy falls back to the full loader.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultKnowledgeDir } from './dir.js';
import type { Entry } from './types.js';

interface Bundle {
  /** Knowledge file name → size and modification time when the bundle was written. */
  files: Record<string, { size: number; mtimeMs: number }>;
  entries: Entry[];
}

/** dist/knowledge.json next to the compiled sources. */
export function bundlePath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'knowledge.json');
}

function stamp(dir: string): Bundle['files'] {
  const files: Bundle['files'] = {};
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    const { size, mtimeMs } = statSync(join(dir, name));
    files[name] = { size, mtimeMs };
  }
  return files;
}

/** Writes the bundle for entries already validated by loadKnowledge. */
export function writeBundle(dir: string, entries: Entry[], file = bundlePath()): void {
  const bundle: Bundle = { files: stamp(dir), entries };
  writeFileSync(file, JSON.stringify(bundle));
}

/** The bundled entries when they still match every file in `dir`, else undefined. */
export function readBundle(dir: string, file = bundlePath()): Entry[] | undefined {
  try {
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as Bundle;
    const now = stamp(dir);
    const names = Object.keys(now);
    if (names.length !== Object.keys(bundle.files).length) return undefined;
    for (const name of names) {
      const then = bundle.files[name];
      const current = now[name];
      if (!then || !current || then.size !== current.size || then.mtimeMs !== current.mtimeMs) {
        return undefined;
      }
    }
    return bundle.entries;
  } catch {
    // No bundle (running from source) or an unreadable one: the caller loads the files.
    return undefined;
  }
}

/**
 * Entries for the CLI: the bundle when it is current, else the full loader (imported only
 * then, since Markdown, YAML and Go parsing dominate start-up time).
 */
export async function loadKnowledgeQuickly(dir?: string): Promise<Entry[]> {
  const target = dir ?? defaultKnowledgeDir();
  const bundled = readBundle(target);
  if (bundled) return bundled;
  const { loadKnowledge } = await import('./load.js');
  return loadKnowledge(target);
}
