// Turns the core's platform-neutral Reply into Discord messages: a header embed, then Markdown
// messages (Go code in `go` blocks, tables in monospace) split within Discord's limits.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Reply } from '../../src/index.js';
import { type Block, MAX_CONTENT, packBlocks, parseBlocks } from './split.js';
import { isNarrowTable, monospaceTable, tableFields } from './table.js';

/** One message to send: either the header embed or a Markdown body, never both. */
export interface DiscordMessage {
  content?: string;
  embeds?: APIEmbed[];
}

/** Discord's documented embed limits. */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
} as const;

const COLOURS: Record<Reply['confidence'], number> = {
  high: 0x2e9d5b,
  medium: 0xd9a400,
  low: 0xd9822b,
  none: 0x7f8c8d,
};

/** Evidence lines longer than this are cut: the point is to show where, not to re-post it. */
const MAX_EVIDENCE_CHARS = 200;

/** Formats a reply as the messages to send, in order; each one is within Discord's limits. */
export function formatReply(reply: Reply): DiscordMessage[] {
  const comparison = reply.comparison;
  const isComparisonInEmbed =
    comparison !== undefined && isNarrowTable(comparison.columns, comparison.rows);

  const header = headerEmbed(reply, isComparisonInEmbed);
  const body = packBlocks(bodyBlocks(reply, !isComparisonInEmbed), MAX_CONTENT);
  return [{ embeds: [header] }, ...body.map((content) => ({ content }))];
}

/** Title, summary and what was diagnosed; the table too when it is narrow. */
function headerEmbed(reply: Reply, isComparisonInEmbed: boolean): APIEmbed {
  const context = reply.context.map((line) => `- ${inline(line)}`).join('\n');
  const description = [inline(reply.summary), context].filter((part) => part !== '').join('\n\n');

  const footer = [confidenceLabel(reply.confidence)];
  if (reply.entryId) footer.push(`entry ${reply.entryId}`);
  if (reply.fingerprint) footer.push(`fingerprint ${reply.fingerprint}`);

  const fields: APIEmbedField[] =
    isComparisonInEmbed && reply.comparison
      ? tableFields(reply.comparison.columns, reply.comparison.rows)
      : [];

  return fitEmbed({
    title: reply.title,
    description,
    color: COLOURS[reply.confidence],
    fields,
    footer: { text: footer.join(' · ') },
  });
}

/** The body, section by section, as blocks the splitter may pack into several messages. */
function bodyBlocks(reply: Reply, isComparisonInBody: boolean): Block[] {
  const blocks: Block[] = [];
  const section = (title: string) =>
    blocks.push({ kind: 'text', text: `**${title}**`, keepWithNext: true, gapBefore: true });

  if (reply.evidence.length > 0) {
    section('Evidence from the paste');
    const width = String(Math.max(...reply.evidence.map((item) => item.line))).length;
    blocks.push({
      kind: 'code',
      lang: '',
      lines: reply.evidence.map(
        (item) =>
          `${String(item.line).padStart(width)} | ${codeLine(item.text, MAX_EVIDENCE_CHARS)}`,
      ),
    });
  }

  if (reply.cause) {
    section('Cause');
    blocks.push(...prose(reply.cause));
  }

  for (const fix of reply.fixes) {
    section(`Fix: ${inline(fix.title)}`);
    if (fix.note) blocks.push(...prose(fix.note));
    blocks.push({ kind: 'text', text: 'Before:', keepWithNext: true });
    blocks.push({ kind: 'code', lang: 'go', lines: codeLines(fix.before) });
    blocks.push({ kind: 'text', text: 'After:', keepWithNext: true });
    blocks.push({ kind: 'code', lang: 'go', lines: codeLines(fix.after) });
  }

  if (reply.comparison && isComparisonInBody) {
    section('Workarounds compared');
    const { columns, rows } = reply.comparison;
    blocks.push({ kind: 'code', lang: '', lines: monospaceTable(columns, rows).map(codeSafe) });
  }

  if (reply.groups.length > 0) {
    section('Goroutine groups');
    const rows = reply.groups.map((g) => [String(g.count), g.state, g.wait, g.top]);
    const table = monospaceTable(['Count', 'State', 'Waiting', 'Top frame'], rows);
    blocks.push({ kind: 'code', lang: '', lines: table.map(codeSafe) });
  }

  if (reply.nextSteps.length > 0) {
    section('Next steps');
    for (const step of reply.nextSteps) blocks.push({ kind: 'text', text: `- ${inline(step)}` });
  }

  if (reply.related.length > 0) {
    section('Related');
    for (const item of reply.related) {
      blocks.push({ kind: 'text', text: `- \`${item.id}\`: ${inline(item.title)}` });
    }
  }

  return blocks;
}

/**
 * A Markdown section (paragraphs, lists, maybe fenced code) as blocks. Discord shows every
 * newline, so the hard wraps of the knowledge files are joined back into paragraphs.
 */
export function prose(markdown: string): Block[] {
  return parseBlocks(markdown).flatMap((block): Block[] => {
    if (block.kind === 'code') return [{ ...block, lines: block.lines.map(codeSafe) }];
    const text = unwrap(inline(block.text)).trim();
    return text === '' ? [] : [{ kind: 'text', text }];
  });
}

/** Joins soft-wrapped lines; blank lines, list items and quotes keep their line breaks. */
export function unwrap(text: string): string {
  return text.replace(/([^\n])\n(?![\n]|\s*(?:[-*+]\s|\d+[.)]\s|>|#))/g, '$1 ');
}

/**
 * Inline Markdown to Discord's dialect. Discord reads backticks, bold and [text](url) links
 * as CommonMark does; HTML entities it shows literally, so they are decoded outside code.
 */
export function inline(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : decodeEntities(part)))
    .join('')
    .replace(/\r\n?/g, '\n');
}

/** Makes text safe inside a code block: a run of three backticks would close it early. */
export function codeSafe(text: string): string {
  return text.replace(/`{3,}/g, (run) => run.split('').join('\u200b'));
}

function codeLines(code: string): string[] {
  const lines = code.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return lines.map(codeSafe);
}

/** One evidence line: control characters dropped (pastes carry ANSI colours), length capped. */
function codeLine(text: string, max: number): string {
  const clean = codeSafe(text.replace(/\t/g, '    ').replace(/[\u0000-\u001f\u007f]/g, ''));
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function confidenceLabel(confidence: Reply['confidence']): string {
  return confidence === 'none' ? 'not recognised' : `confidence: ${confidence}`;
}

/**
 * Trims an embed to Discord's limits: each part to its own cap, then the description (the
 * longest part) until the whole embed is within the 6,000-character total.
 */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const fields = (embed.fields ?? []).slice(0, EMBED_LIMITS.fields).map((field) => ({
    ...field,
    name: cut(field.name, EMBED_LIMITS.fieldName) || '-',
    value: cut(field.value, EMBED_LIMITS.fieldValue) || '-',
  }));
  const fitted: APIEmbed = {
    ...embed,
    title: cut(embed.title ?? '', EMBED_LIMITS.title),
    description: cut(embed.description ?? '', EMBED_LIMITS.description),
    fields,
    footer: embed.footer ? { text: cut(embed.footer.text, EMBED_LIMITS.footer) } : undefined,
  };

  const over = embedLength(fitted) - EMBED_LIMITS.total;
  if (over > 0) {
    const description = fitted.description ?? '';
    fitted.description = cut(description, Math.max(0, description.length - over));
  }
  while (embedLength(fitted) > EMBED_LIMITS.total && fields.length > 0) fields.pop();
  if (fitted.fields?.length === 0) delete fitted.fields;
  if (fitted.footer === undefined) delete fitted.footer;
  return fitted;
}

/** What Discord counts toward an embed's 6,000 characters. */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    fields
  );
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, max);
  return `${text.slice(0, max - 1)}…`;
}
