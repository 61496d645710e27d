// Reply → GitHub-flavoured Markdown (the CLI's --format markdown, and a base for chat formats).
import type { Reply } from './types.js';

const CONFIDENCE: Record<Reply['confidence'], string> = {
  high: 'high confidence',
  medium: 'medium confidence',
  low: 'low confidence: a guess from similar text',
  none: '',
};

/** Formats a reply as Markdown; pasted text appears only inside code spans and blocks. */
export function formatMarkdown(reply: Reply): string {
  const out: string[] = [];
  const confidence = CONFIDENCE[reply.confidence];
  out.push(`## ${reply.title}${confidence ? ` (${confidence})` : ''}`, '', reply.summary, '');

  if (reply.context.length > 0) out.push(...reply.context.map((c) => `- ${c}`), '');

  if (reply.evidence.length > 0) {
    out.push('### Evidence', '', '```');
    for (const e of reply.evidence)
      out.push(`${String(e.line).padStart(5)} | ${fenceSafe(e.text)}`);
    out.push('```', '');
  }
  if (reply.groups.length > 0) out.push('### Goroutine groups', '', ...groupTable(reply), '');
  if (reply.cause) out.push('### Cause', '', reply.cause, '');

  for (const fix of reply.fixes) {
    out.push(`### Fix: ${fix.title}`, '');
    if (fix.note) out.push(fix.note, '');
    out.push(
      'Before:',
      '',
      '```go',
      fix.before,
      '```',
      '',
      'After:',
      '',
      '```go',
      fix.after,
      '```',
      '',
    );
  }

  if (reply.comparison) {
    out.push(
      '### Workarounds',
      '',
      ...markdownTable(reply.comparison.columns, reply.comparison.rows),
      '',
    );
  }
  if (reply.nextSteps.length > 0) {
    out.push('### Next steps', '', ...reply.nextSteps.map((s) => `- ${s}`), '');
  }
  if (reply.related.length > 0) {
    out.push('### Related', '', ...reply.related.map((r) => `- ${r.title} (\`${r.id}\`)`), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function markdownTable(columns: readonly string[], rows: string[][]): string[] {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${columns.map(cell).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function groupTable(reply: Reply): string[] {
  // The Note column (what the ranking made of a group) only when some group has one.
  const hasNotes = reply.groups.some((g) => g.note);
  const rows = reply.groups.map((g) => {
    const row = [String(g.count), g.state, g.wait, `\`${g.top}\``];
    return hasNotes ? [...row, g.note ?? ''] : row;
  });
  const columns = ['Count', 'State', 'Waiting', 'Top frame'];
  return markdownTable(hasNotes ? [...columns, 'Note'] : columns, rows);
}

/** A pasted line that itself holds ``` would close our fence early. */
function fenceSafe(text: string): string {
  return text.replace(/```/g, "'''");
}
