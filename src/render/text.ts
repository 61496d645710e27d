// Reply → terminal text, with colour when the output is a TTY.
import type { Reply } from './types.js';

export interface TextOptions {
  color?: boolean;
}

/** Formats a reply for a terminal; without colour it is plain text safe to pipe. */
export function formatText(reply: Reply, options: TextOptions = {}): string {
  const c = palette(options.color === true);
  const out: string[] = [];
  const confidence = reply.confidence === 'none' ? '' : ` ${c.dim(`[${reply.confidence}]`)}`;
  out.push(c.bold(reply.title) + confidence, '', plain(reply.summary), '');

  for (const line of reply.context) out.push(`  ${plain(line)}`);
  if (reply.context.length > 0) out.push('');

  if (reply.evidence.length > 0) {
    out.push(c.bold('Evidence'));
    for (const e of reply.evidence) out.push(`  ${c.dim(String(e.line).padStart(5))}  ${e.text}`);
    out.push('');
  }
  if (reply.groups.length > 0) {
    out.push(c.bold('Goroutine groups'));
    const hasNotes = reply.groups.some((g) => g.note);
    const rows = reply.groups.map((g) => {
      const row = [String(g.count), g.state, g.wait, g.top];
      return hasNotes ? [...row, g.note ?? ''] : row;
    });
    const columns = ['count', 'state', 'waiting', 'top frame', ...(hasNotes ? ['note'] : [])];
    out.push(...alignedTable(columns, rows).map((l) => `  ${l}`), '');
  }
  if (reply.cause) out.push(c.bold('Cause'), indent(plain(reply.cause)), '');

  for (const fix of reply.fixes) {
    out.push(c.bold(`Fix: ${fix.title}`));
    if (fix.note) out.push(indent(plain(fix.note)));
    out.push(
      c.red('  before:'),
      indent(fix.before, 4),
      c.green('  after:'),
      indent(fix.after, 4),
      '',
    );
  }
  if (reply.comparison) {
    out.push(c.bold('Workarounds'));
    const rows = reply.comparison.rows.map((r) => r.map(plain));
    const table = alignedTable(reply.comparison.columns, rows);
    // A table wider than a terminal wraps into noise: show each workaround as a block instead.
    const fits = table.every((l) => l.length <= 110) && !table.some((l) => l.includes('…'));
    out.push(
      ...(fits ? table.map((l) => `  ${l}`) : comparisonBlocks(reply.comparison.columns, rows)),
      '',
    );
  }
  if (reply.nextSteps.length > 0) {
    out.push(c.bold('Next steps'), ...reply.nextSteps.map((s) => `  - ${plain(s)}`), '');
  }
  if (reply.related.length > 0) {
    out.push(c.bold('Related'), ...reply.related.map((r) => `  - ${r.title} (${r.id})`), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** One block per row: the first cell as a heading, the others as labelled lines. */
function comparisonBlocks(columns: readonly string[], rows: string[][]): string[] {
  const width = Math.max(...columns.slice(1).map((c) => c.length));
  return rows.flatMap(([first = '', ...rest]) => [
    `  - ${first}`,
    ...rest.map((cell, i) => `      ${(columns[i + 1] ?? '').padEnd(width)}  ${cell}`),
  ]);
}

/** Columns padded to their widest cell, each cell cut at 60 characters. */
export function alignedTable(columns: readonly string[], rows: string[][]): string[] {
  const cut = (s: string) => (s.length > 60 ? `${s.slice(0, 59)}…` : s);
  const all = [columns.map(cut), ...rows.map((r) => r.map(cut))];
  const widths = columns.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(all[0] ?? []),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...all.slice(1).map(line),
  ];
}

/** Inline markdown to plain text: drop emphasis markers and show links as `text (url)`. */
function plain(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)');
}

function indent(text: string, spaces = 2): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

function palette(enabled: boolean) {
  const wrap = (code: string) => (s: string) => (enabled ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { bold: wrap('1'), dim: wrap('2'), red: wrap('31'), green: wrap('32') };
}
