// Shared test helpers: fixture paths and one diagnoser over the real knowledge base.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDiagnoser, type Diagnoser } from '../src/diagnose/diagnose.js';
import { loadKnowledge } from '../src/knowledge/load.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const ROOT = join(FIXTURES, '..', '..');

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/** Rows of a fixtures TSV file (header dropped), split into columns. */
export function tsvRows(path: string): string[][] {
  return fixture(path)
    .trim()
    .split('\n')
    .slice(1)
    .map((row) => row.split('\t'));
}

let shared: Diagnoser | undefined;

/** The real knowledge base, loaded once per test file. */
export function realDiagnoser(): Diagnoser {
  shared ??= createDiagnoser({ entries: loadKnowledge(join(ROOT, 'knowledge')) });
  return shared;
}
