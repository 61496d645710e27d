// The Block Kit rules the fake Web API enforces, so every test also checks Slack's limits.

/** Returns the first rule a message breaks, or undefined when Slack would take it. */
export function blockProblem(message: Record<string, unknown>): string | undefined {
  if (typeof message['text'] !== 'string' || message['text'] === '') return 'missing fallback text';

  const blocks = message['blocks'];
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return 'blocks is not an array';
  if (blocks.length > 50) return `too many blocks: ${blocks.length}`;

  let tables = 0;
  for (const block of blocks as Record<string, unknown>[]) {
    const text = block['text'] as { text?: string } | undefined;
    if (block['type'] === 'section' && (text?.text ?? '').length > 3000) return 'section over 3000';
    if (block['type'] === 'header' && (text?.text ?? '').length > 150) return 'header over 150';
    if (block['type'] === 'table') {
      tables += 1;
      const problem = tableProblem(block);
      if (problem) return problem;
    }
  }
  return tables > 1 ? 'more than one table block' : undefined;
}

function tableProblem(block: Record<string, unknown>): string | undefined {
  const rows = block['rows'];
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > 100) return 'table rows';

  for (const row of rows) {
    if (!Array.isArray(row) || row.length === 0 || row.length > 20) return 'table row cells';
    for (const cell of row as Record<string, unknown>[]) {
      const isRaw = cell['type'] === 'raw_text' && typeof cell['text'] === 'string';
      if (cell['type'] !== 'rich_text' && !(isRaw && (cell['text'] as string).length > 0)) {
        return 'table cell';
      }
    }
  }
  return undefined;
}
