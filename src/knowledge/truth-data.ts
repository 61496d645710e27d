// The facts truth checks compare entries with: the message catalog and the lists in data/go/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgeProblem } from '../errors.js';
import { type CatalogRow, defaultDataDir, loadCatalog, qualifiedFunction } from './catalog.js';

/** One row of godebug.tsv, api.tsv or allow.tsv. */
export interface FactRow {
  name: string;
  /** First release with the name (`go1.21`), when known. */
  since?: string;
  /** Last release with the name, when it was removed. */
  until?: string;
  source: string;
  file: string;
  line: number;
}

export interface TruthData {
  catalog: CatalogRow[];
  /** Qualified names of catalog functions (`runtime.checkdead`) → the releases holding them. */
  catalogFunctions: Map<string, string[]>;
  godebug: Map<string, FactRow>;
  /** `runtime.LockOSThread`, `runtime.MemStats.Alloc`, `runtime/debug.SetMaxThreads`. */
  api: Map<string, FactRow>;
  /** Unexported runtime functions seen in tracebacks (`runtime.gopark`). */
  functions: Map<string, FactRow>;
  /** Runtime struct fields (`m.lockedg`). */
  fields: Map<string, FactRow>;
  /** Messages of releases before go1.19, which the catalog does not cover. */
  messages: FactRow[];
  /** Rows without a source, and other problems of the data itself. */
  problems: KnowledgeProblem[];
}

/** Loads the catalog and the fact lists of data/go/. Throws only if a file is missing. */
export function loadTruthData(dataDir = defaultDataDir()): TruthData {
  const dir = join(dataDir, 'go');
  const problems: KnowledgeProblem[] = [];
  const catalog = loadCatalog(join(dir, 'messages.tsv'));

  const catalogFunctions = new Map<string, string[]>();
  for (const row of catalog) {
    const name = qualifiedFunction(row);
    catalogFunctions.set(name, [...(catalogFunctions.get(name) ?? []), ...row.releases]);
  }

  const godebug = byName(readFacts(join(dir, 'godebug.tsv'), ['name'], problems));
  const api = byName(readFacts(join(dir, 'api.tsv'), ['package', 'name'], problems));
  const allow = readFacts(join(dir, 'allow.tsv'), ['kind', 'name'], problems);
  const ofKind = (kind: string) => allow.filter((r) => r.name.startsWith(`${kind}\t`));
  const strip = (rows: FactRow[]) => rows.map((r) => ({ ...r, name: r.name.split('\t')[1] ?? '' }));
  return {
    catalog,
    catalogFunctions,
    godebug,
    api,
    functions: byName(strip(ofKind('function'))),
    fields: byName(strip(ofKind('field'))),
    messages: strip(ofKind('message')),
    problems,
  };
}

function byName(rows: FactRow[]): Map<string, FactRow> {
  return new Map(rows.map((r) => [r.name, r]));
}

/**
 * Reads a fact list: `#` comment lines, a header row, then rows whose `key` columns form the
 * name (`runtime` + `LockOSThread` → `runtime.LockOSThread`; allow.tsv keeps `kind\tname`).
 */
function readFacts(path: string, key: string[], problems: KnowledgeProblem[]): FactRow[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  let header: string[] | undefined;
  const rows: FactRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (text.trim() === '' || text.startsWith('#')) continue;
    const cells = text.split('\t');
    if (!header) {
      header = cells;
      continue;
    }
    const get = (column: string) => cells[(header as string[]).indexOf(column)]?.trim() ?? '';
    const joiner = key[0] === 'kind' ? '\t' : '.';
    const row: FactRow = {
      name: key.map(get).join(joiner),
      source: get('source'),
      file: path,
      line: i + 1,
    };
    if (get('since')) row.since = get('since');
    if (get('until')) row.until = get('until');
    if (!/^https?:\/\//.test(row.source) && !/data\/go\/|test\/fixtures\//.test(row.source)) {
      problems.push({ file: path, line: i + 1, message: `"${row.name}" has no source` });
    }
    rows.push(row);
  }
  return rows;
}
