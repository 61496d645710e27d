// Which knowledge entry recognises each fatal message of the runtime catalog, checked by
// classifying a synthetic report built around the message.
import { classifyReport } from '../classify/classify.js';
import { readPaste } from '../report/index.js';
import { detectGoVersion } from '../report/version.js';
import { type CatalogRow, fillMessage, loadCatalog, qualifiedFunction } from './catalog.js';
import type { Entry } from './types.js';

/** How the runtime prints the message: a throw, a user-caused fatal, a panic, a C abort. */
export type CoverageForm = 'throw' | 'fatal' | 'panic' | 'abort';

export interface CoverageItem {
  row: CatalogRow;
  form: CoverageForm;
  /** Fatal errors (throw, fatal, C abort) must all be recognised; panics are reported only. */
  isTarget: boolean;
  paste: string;
  /** The top entry for the synthetic report; undefined when no signature fired. */
  entryId?: string;
}

export interface Tally {
  /** Entry id → number of catalog messages it is the top entry for, most first. */
  byEntry: [string, number][];
  unmapped: CoverageItem[];
}

export interface Coverage extends Tally {
  items: CoverageItem[];
  /** The same for the panic messages (runtime errors, plain panics, sync panics). */
  panics: Tally;
}

/**
 * Classifies one synthetic report per distinct message of the catalog (every release it
 * covers: old messages are still pasted from old binaries). The fatal errors (throw and
 * fatal rows, and sync rows raised by fatal or throw) are the target: each must be recognised.
 */
export function catalogCoverage(entries: readonly Entry[], rows = loadCatalog()): Coverage {
  const seen = new Set<string>();
  const items: CoverageItem[] = [];
  for (const row of rows) {
    const form = formOf(row);
    if (!form) continue;
    const key = `${form}\u0000${row.message}`;
    if (seen.has(key)) continue;
    seen.add(key);

    const paste = synthesize(row, form);
    const isTarget = form !== 'panic';
    items.push({ row, form, isTarget, paste, entryId: topEntry(paste, entries) });
  }
  return {
    items,
    ...tally(items.filter((i) => i.isTarget)),
    panics: tally(items.filter((i) => !i.isTarget)),
  };
}

function tally(items: CoverageItem[]): Tally {
  const counts = new Map<string, number>();
  for (const item of items) {
    if (item.entryId) counts.set(item.entryId, (counts.get(item.entryId) ?? 0) + 1);
  }
  const byEntry = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { byEntry, unmapped: items.filter((i) => i.entryId === undefined) };
}

/** How each kind is printed; sync rows by how their note says they are raised. */
function formOf(row: CatalogRow): CoverageForm | undefined {
  if (row.kind === 'throw') return 'throw';
  if (row.kind === 'fatal') return row.file.endsWith('.c') ? 'abort' : 'fatal';
  if (row.kind === 'runtime-error' || row.kind === 'panic') return 'panic';
  if (row.kind !== 'sync') return undefined;
  if (row.note.includes('raised via fatal')) return 'fatal';
  if (row.note.includes('raised via throw')) return 'throw';
  return 'panic';
}

function topEntry(paste: string, entries: readonly Entry[]): string | undefined {
  const read = readPaste(paste);
  if (!read.ok) return undefined;
  const [report] = read.reports;
  if (!report) return undefined;
  const classification = classifyReport(report, entries, detectGoVersion(read.pasteLines));
  return classification.scored[0]?.entry.id;
}

const GOROOT = '/usr/local/go';
const USER_FRAMES = 'main.main()\n\t/home/user/app/main.go:12 +0x25';

/**
 * A plausible report for the message, in the layout of data/go/traceback-format.md: §2 for
 * throws (runtime frames with fp/sp/pc, the `gp=… m=…` header of go1.22+) and fatals (runtime
 * frames hidden), §1 for panics, §5 for the SIGABRT that follows a runtime/cgo C abort.
 */
export function synthesize(row: CatalogRow, form: CoverageForm): string {
  // Since go1.23 each newline inside the message is followed by a TAB (§1).
  const message = fillMessage(row.message).replace(/\n/g, '\n\t');
  const func = qualifiedFunction(row);
  const at = `${GOROOT}/${row.file}:120 +0x1a5`;

  switch (form) {
    case 'throw':
      return [
        `fatal error: ${message}`,
        '',
        'goroutine 1 gp=0xc000002380 m=0 mp=0x5a1b20 [running]:',
        'runtime.throw({0x4b2c1e?, 0x1a?})',
        `\t${GOROOT}/src/runtime/panic.go:1101 +0x48 fp=0xc00004e718 sp=0xc00004e6e8 pc=0x466be8`,
        `${func}(...)`,
        `\t${at} fp=0xc00004e750 sp=0xc00004e718 pc=0x43c6dc`,
        USER_FRAMES,
        '',
      ].join('\n');
    case 'fatal':
      return [
        `fatal error: ${message}`,
        '',
        'goroutine 7 [running]:',
        ...(func.startsWith('sync') ? [`${func}(0xc000012028)`, `\t${at}`] : []),
        'main.worker(0xc000012028)',
        '\t/home/user/app/worker.go:21 +0x4e',
        'created by main.main in goroutine 1',
        '\t/home/user/app/main.go:15 +0x7a',
        '',
      ].join('\n');
    case 'panic':
      return [
        `panic: ${message}`,
        '',
        'goroutine 1 [running]:',
        `${func}(0xc000012028)`,
        `\t${at}`,
        USER_FRAMES,
        '',
      ].join('\n');
    default:
      return [
        message,
        'SIGABRT: abort',
        'PC=0x7f083501fe97 m=3 sigcode=18446744073709551610',
        '',
        'goroutine 0 gp=0xc000102fc0 m=3 mp=0xc000100008 [idle]:',
        'runtime: g 0 gp=0xc000102fc0: unknown pc 0x7f083501fe97',
        '',
        'goroutine 1 gp=0xc000002380 m=nil [running]:',
        'runtime.systemstack_switch()',
        `\t${GOROOT}/src/runtime/asm_amd64.s:479 fp=0xc0015a5848 sp=0xc0015a5838 pc=0x47a1e0`,
        USER_FRAMES,
        '',
      ].join('\n');
  }
}
