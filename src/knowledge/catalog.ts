// The Go runtime message catalog (data/go/messages.tsv): what the runtime really prints.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The kinds of data/go/README.md: `throw`/`fatal` print `fatal error: …`, the others panic. */
export type CatalogKind = 'throw' | 'fatal' | 'runtime-error' | 'panic' | 'sync' | 'print';

export interface CatalogRow {
  /** Text as printed; `%v` (and `%#x`, and C's `%s`, `%d`, `%p`) stand for dynamic parts. */
  message: string;
  kind: CatalogKind;
  /** Source file, e.g. `src/runtime/proc.go`. */
  file: string;
  /** Function as written in the source, e.g. `checkdead` or `(*Map).PutSlot`. */
  func: string;
  /** Checked release tags holding the text, e.g. `go1.24.1`, `master`. */
  releases: string[];
  note: string;
  /** 1-based line in the TSV, for messages about the catalog itself. */
  line: number;
}

/** The release tags the catalog was built from (data/go/README.md), oldest first. */
export const CHECKED_RELEASES = [
  'go1.19',
  'go1.21.0',
  'go1.23.0',
  'go1.24.0',
  'go1.24.1',
  'go1.25.0',
  'go1.26.0',
  'go1.27rc2',
  'master',
] as const;

/** data/ at the package root, whether running from src/ (tsx) or dist/src/ (built). */
export function defaultDataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    dir = resolve(dir, '..');
    try {
      if (readdirSync(join(dir, 'data', 'go')).includes('messages.tsv')) return join(dir, 'data');
    } catch {
      // Not here; keep walking up.
    }
  }
  return resolve('data');
}

const cache = new Map<string, CatalogRow[]>();

/** Reads and parses the catalog once per path. Throws only if the file is missing. */
export function loadCatalog(path = join(defaultDataDir(), 'go', 'messages.tsv')): CatalogRow[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const rows = parseCatalog(readFileSync(path, 'utf8'));
  cache.set(path, rows);
  return rows;
}

/** Parses the TSV: a header row, then one message per row; `\n`, `\t`, `\\` are escaped. */
export function parseCatalog(text: string): CatalogRow[] {
  const rows: CatalogRow[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const fields = (lines[i] ?? '').split('\t');
    if (fields.length < 7) continue;
    const [message = '', kind = '', file = '', func = '', , , note = ''] = fields;
    rows.push({
      message: unescapeField(message),
      kind: kind as CatalogKind,
      file,
      func,
      releases: releasesOf(note),
      note,
      line: i + 1,
    });
  }
  return rows;
}

function unescapeField(field: string): string {
  return field.replace(/\\([nt\\])/g, (_, c: string) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : '\\',
  );
}

/** `text present in all checked releases …` or `text present in: go1.24.0,go1.24.1,…`. */
function releasesOf(note: string): string[] {
  if (note.includes('text present in all checked releases')) return [...CHECKED_RELEASES];
  const listed = /text present in: ([^|]+)/.exec(note)?.[1] ?? '';
  return listed
    .split(',')
    .map((r) => r.trim().replace(/^master@\w+$/, 'master'))
    .filter((r) => r !== '');
}

/** `src/internal/runtime/maps/map.go` + `(*Map).PutSlot` → `internal/runtime/maps.(*Map).PutSlot`. */
export function qualifiedFunction(row: Pick<CatalogRow, 'file' | 'func'>): string {
  const pkg = dirname(row.file).replace(/^src\//, '');
  return `${pkg}.${row.func}`;
}

// Dynamic parts of catalog messages: Go's `%v`/`%#x` and the C `printf` verbs of runtime/cgo.
const VERB = /%(?:#x|v|s|d|ld|p)/g;

/** A matcher for the printed text of a catalog message: each dynamic part matches anything. */
export function messageMatcher(message: string): RegExp {
  const parts = message.split(VERB).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[\\s\\S]*?')}$`);
}

/** The catalog text with plausible values in its dynamic parts, for synthetic reports. */
export function fillMessage(message: string): string {
  return message.replace(VERB, (verb) => FILL[verb] ?? '2');
}

const FILL: Record<string, string> = {
  '%#x': '0xc000012345',
  '%p': '0x7f3c9affc000',
  '%s': 'Resource temporarily unavailable',
  '%d': '11',
  '%ld': '11',
};
