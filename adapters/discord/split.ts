// Packs Markdown blocks into Discord messages of at most 2,000 characters, never cutting a
// code block open: a code block too long for one message is closed and re-opened per message.

/** One unit of a message body: prose, or a fenced code block kept whole where it fits. */
export type Block =
  | {
      kind: 'text';
      text: string;
      /** A heading or label that must not end a message on its own. */
      keepWithNext?: boolean;
      /** Start a new section: a blank line before it unless it opens a message. */
      gapBefore?: boolean;
    }
  | { kind: 'code'; lang: string; lines: string[]; gapBefore?: boolean };

/** Discord's cap on a message's `content`, in UTF-16 code units (what String#length counts). */
export const MAX_CONTENT = 2000;

const FENCE = '```';

/** Renders a block as Markdown. */
export function renderBlock(block: Block): string {
  if (block.kind === 'text') return block.text;
  return `${FENCE}${block.lang}\n${block.lines.join('\n')}\n${FENCE}`;
}

/**
 * Packs blocks into as few messages as fit `limit`, in order. A block longer than `limit` is
 * split at line ends (then spaces, then anywhere), code blocks into several fenced blocks.
 */
export function packBlocks(blocks: readonly Block[], limit = MAX_CONTENT): string[] {
  const chunks: string[] = [];
  let current = '';
  let held: Block | undefined;

  const append = (text: string, gap: boolean) => {
    const separator = current === '' ? '' : gap ? '\n\n' : '\n';
    if (current.length + separator.length + text.length <= limit) {
      current += separator + text;
      return;
    }
    if (current !== '') chunks.push(current);
    current = text;
  };

  for (const block of blocks) {
    for (const [index, piece] of splitBlock(block, limit).entries()) {
      const gap = index === 0 && block.gapBefore === true;
      const text = renderBlock(piece);

      if (piece.kind === 'text' && piece.keepWithNext) {
        if (held) append(renderBlock(held), held.gapBefore === true);
        held = { ...piece, gapBefore: gap };
        continue;
      }

      if (held) {
        // A held heading goes with this piece, into a fresh message if the two do not fit.
        const heading = renderBlock(held);
        const heldGap = held.gapBefore === true;
        held = undefined;
        if (heading.length + 1 + text.length <= limit) {
          append(`${heading}\n${text}`, heldGap);
          continue;
        }
        append(heading, heldGap);
      }

      append(text, gap);
    }
  }

  if (held) append(renderBlock(held), held.gapBefore === true);
  if (current !== '') chunks.push(current);
  return chunks;
}

/** Splits arbitrary Markdown (fenced code included) into messages of at most `limit`. */
export function splitMarkdown(markdown: string, limit = MAX_CONTENT): string[] {
  return packBlocks(parseBlocks(markdown), limit);
}

/** Reads Markdown into text and code blocks; an unclosed fence runs to the end. */
export function parseBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let text: string[] = [];
  let code: { lang: string; lines: string[] } | undefined;

  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (code) {
      if (/^\s*```\s*$/.test(line)) {
        blocks.push({ kind: 'code', ...code });
        code = undefined;
      } else {
        code.lines.push(line);
      }
      continue;
    }

    const open = /^\s*```(\S*)\s*$/.exec(line);
    if (open) {
      if (text.length > 0) blocks.push({ kind: 'text', text: text.join('\n') });
      text = [];
      code = { lang: open[1] ?? '', lines: [] };
    } else {
      text.push(line);
    }
  }

  if (code) blocks.push({ kind: 'code', ...code });
  if (text.length > 0) blocks.push({ kind: 'text', text: text.join('\n') });
  return blocks;
}

/** Cuts one block into pieces that each render within `limit`. */
function splitBlock(block: Block, limit: number): Block[] {
  if (renderBlock(block).length <= limit) return [block];

  if (block.kind === 'text') {
    return cutLines(block.text.split('\n'), limit).map((text) => ({ kind: 'text', text }));
  }

  // Room left for code once the opening fence (with its language) and closing fence are paid.
  const room = Math.max(1, limit - (FENCE.length * 2 + block.lang.length + 2));
  return cutLines(block.lines, room).map((text) => ({
    kind: 'code',
    lang: block.lang,
    lines: text.split('\n'),
  }));
}

/** Groups lines into runs of at most `limit` characters, cutting lines that are too long. */
function cutLines(lines: readonly string[], limit: number): string[] {
  const runs: string[] = [];
  let current: string | undefined;

  for (const line of lines.flatMap((l) => (l.length > limit ? cutLine(l, limit) : [l]))) {
    if (current === undefined) {
      current = line;
    } else if (current.length + 1 + line.length <= limit) {
      current += `\n${line}`;
    } else {
      runs.push(current);
      current = line;
    }
  }

  if (current !== undefined) runs.push(current);
  return runs;
}

/** Cuts one long line at spaces where it can, else between code points. */
function cutLine(line: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = line;

  while (rest.length > limit) {
    const space = rest.lastIndexOf(' ', limit);
    let end = space > limit / 2 ? space : limit;
    // Never leave half a surrogate pair at either side of the cut.
    if (isHighSurrogate(rest.charCodeAt(end - 1))) end -= 1;
    pieces.push(rest.slice(0, end));
    rest = rest.slice(end === space ? end + 1 : end);
  }

  pieces.push(rest);
  return pieces;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
