// Reply → Slack message: Block Kit inside Slack's limits, with a plain-text fallback.
import type { types } from '@slack/bolt';
import type { GroupRow, Reply, ReplyFix } from '../../src/index.js';
import { actionsBlock, type ButtonSpec } from './buttons.js';
import { monospaceTable, tableBlock } from './format-table.js';
import { bullets, codeBlock, escapeMrkdwn, inlineToMrkdwn, LIMITS, truncate } from './mrkdwn.js';

/** How much Block Kit a message uses; each step down survives more of Slack's rejections. */
export type FallbackLevel = 'table' | 'code-table' | 'text';
export const FALLBACK_LEVELS: readonly FallbackLevel[] = ['table', 'code-table', 'text'];

export interface SlackMessage {
  /** Always set: notifications, screen readers and old clients show it. */
  text: string;
  blocks?: types.KnownBlock[];
}

export interface FormatOptions {
  /** 'brief' is the auto-reply: a few lines and a button to expand. */
  variant: 'full' | 'brief';
  level: FallbackLevel;
  buttons: ButtonSpec;
  /** A line of mrkdwn above the reply, already escaped (e.g. who shared it). */
  intro?: string;
}

/** Fixes shown in full; more would push the table and next steps out of view. */
const MAX_FIXES = 3;
const MAX_GROUPS = 8;
const FALLBACK_TEXT_MAX = 1000;
const CODE_MAX = 2900;

const CONFIDENCE_LABEL: Record<Reply['confidence'], string> = {
  high: 'High confidence',
  medium: 'Medium confidence',
  low: 'Low confidence',
  none: 'Not recognised',
};

/** Formats `reply` for Slack at the given fallback level. */
export function formatReply(reply: Reply, options: FormatOptions): SlackMessage {
  const text = fallbackText(reply);

  if (options.level === 'text') {
    const parts = options.variant === 'brief' ? briefParts(reply) : fullParts(reply);
    return { text: joinWithinBudget(options.intro ? [options.intro, ...parts] : parts) };
  }

  const body = options.variant === 'brief' ? briefBlocks(reply) : fullBlocks(reply, options.level);
  const blocks = options.intro ? [section(options.intro), ...body] : body;
  return { text, blocks: withActions(blocks, actionsBlock(options.buttons)) };
}

/**
 * A short message of our own (help, apologies, confirmations). Plain mrkdwn text with no
 * blocks, so there is nothing for Slack to reject and no fallback needed.
 */
export function formatNotice(mrkdwn: string): SlackMessage {
  return { text: truncate(mrkdwn, LIMITS.messageText) };
}

function fullBlocks(reply: Reply, level: FallbackLevel): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(reply.title, LIMITS.headerText) },
    },
    contextBlock(confidenceLine(reply)),
  ];

  if (reply.summary) blocks.push(section(inlineToMrkdwn(reply.summary)));
  if (reply.context.length > 0)
    blocks.push(section(`*What was diagnosed*\n${bullets(reply.context)}`));
  if (reply.evidence.length > 0) blocks.push(section(evidenceSection(reply)));
  if (reply.cause) blocks.push(section(`*Cause*\n${inlineToMrkdwn(reply.cause)}`));

  for (const fix of reply.fixes.slice(0, MAX_FIXES)) {
    blocks.push(section(fixHeading(fix)));
    const code = fixCode(fix);
    if (code) blocks.push(code);
  }

  if (reply.comparison) {
    blocks.push(section('*Workarounds compared*'));
    blocks.push(
      level === 'table'
        ? tableBlock(reply.comparison)
        : section(codeBlock(monospaceTable(reply.comparison), LIMITS.sectionText)),
    );
  }

  if (reply.groups.length > 0) blocks.push(section(groupsSection(reply.groups)));
  if (reply.nextSteps.length > 0) blocks.push(section(`*Next steps*\n${bullets(reply.nextSteps)}`));
  if (reply.related.length > 0) blocks.push(contextBlock(relatedLine(reply)));
  return blocks;
}

function briefBlocks(reply: Reply): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [
    section(`*${escapeMrkdwn(reply.title)}*\n${inlineToMrkdwn(reply.summary)}`),
  ];
  if (reply.context.length > 0)
    blocks.push(contextBlock(reply.context.map(inlineToMrkdwn).join(' · ')));
  blocks.push(contextBlock(confidenceLine(reply)));
  return blocks;
}

/** The full reply as mrkdwn paragraphs, for the last fallback level (no blocks at all). */
function fullParts(reply: Reply): string[] {
  const parts = [`*${escapeMrkdwn(reply.title)}* (${confidenceLine(reply)})`];

  if (reply.summary) parts.push(inlineToMrkdwn(reply.summary));
  if (reply.context.length > 0) parts.push(`*What was diagnosed*\n${bullets(reply.context)}`);
  if (reply.evidence.length > 0) parts.push(evidenceSection(reply));
  if (reply.cause) parts.push(`*Cause*\n${inlineToMrkdwn(reply.cause)}`);

  for (const fix of reply.fixes.slice(0, MAX_FIXES)) {
    parts.push(fixHeading(fix));
    if (fix.before) parts.push(`Before:\n${codeBlock(fix.before, CODE_MAX)}`);
    if (fix.after) parts.push(`After:\n${codeBlock(fix.after, CODE_MAX)}`);
  }

  if (reply.comparison) {
    parts.push(`*Workarounds compared*\n${codeBlock(monospaceTable(reply.comparison), CODE_MAX)}`);
  }
  if (reply.groups.length > 0) parts.push(groupsSection(reply.groups));
  if (reply.nextSteps.length > 0) parts.push(`*Next steps*\n${bullets(reply.nextSteps)}`);
  if (reply.related.length > 0) parts.push(relatedLine(reply));
  return parts;
}

function briefParts(reply: Reply): string[] {
  const parts = [`*${escapeMrkdwn(reply.title)}*`, inlineToMrkdwn(reply.summary)];
  if (reply.context.length > 0) parts.push(reply.context.map(inlineToMrkdwn).join(' · '));
  parts.push(`${confidenceLine(reply)} · ask \`/crashdoc\` with the paste for the full diagnosis`);
  return parts;
}

function fallbackText(reply: Reply): string {
  const summary = reply.summary ? `: ${inlineToMrkdwn(reply.summary)}` : '';
  return truncate(`crashdoc: ${escapeMrkdwn(reply.title)}${summary}`, FALLBACK_TEXT_MAX);
}

function confidenceLine(reply: Reply): string {
  // Search replies name an entry without claiming to have diagnosed anything.
  const label =
    reply.confidence === 'none' && reply.entryId
      ? 'Knowledge base entry'
      : CONFIDENCE_LABEL[reply.confidence];
  const id = reply.entryId ? ` · \`${escapeMrkdwn(reply.entryId)}\`` : '';
  const fingerprint = reply.fingerprint
    ? ` · fingerprint \`${escapeMrkdwn(reply.fingerprint)}\``
    : '';
  return `${label}${id}${fingerprint}`;
}

function relatedLine(reply: Reply): string {
  const items = reply.related.map((r) => `${escapeMrkdwn(r.title)} (\`${escapeMrkdwn(r.id)}\`)`);
  return `Related: ${items.join(', ')}`;
}

/** Evidence lines keep their paste line numbers, so people can find them in their own output. */
function evidenceSection(reply: Reply): string {
  const width = String(Math.max(...reply.evidence.map((e) => e.line))).length;
  const lines = reply.evidence.map((e) => `${String(e.line).padStart(width)}  ${e.text}`);
  const title = '*Evidence from the paste*\n';
  return `${title}${codeBlock(lines.join('\n'), LIMITS.sectionText - title.length)}`;
}

function groupsSection(groups: readonly GroupRow[]): string {
  const table = {
    columns: ['goroutines', 'state', 'wait', 'top frame'],
    rows: groups.slice(0, MAX_GROUPS).map((g) => [String(g.count), g.state, g.wait, g.top]),
  };
  const title = '*Goroutine groups*\n';
  return `${title}${codeBlock(monospaceTable(table, 60), LIMITS.sectionText - title.length)}`;
}

function fixHeading(fix: ReplyFix): string {
  const note = fix.note.trim() === '' ? '' : `\n${inlineToMrkdwn(fix.note)}`;
  return `*Fix: ${escapeMrkdwn(fix.title)}*${note}`;
}

/** Go code goes in rich-text preformatted elements: shown verbatim, never parsed for mentions. */
function fixCode(fix: ReplyFix): types.RichTextBlock | undefined {
  const elements: types.RichTextBlock['elements'] = [];

  for (const [label, code] of [
    ['Before', fix.before],
    ['After', fix.after],
  ] as const) {
    if (code.trim() === '') continue;
    elements.push({
      type: 'rich_text_section',
      elements: [{ type: 'text', text: label, style: { bold: true } }],
    });
    elements.push({
      type: 'rich_text_preformatted',
      elements: [{ type: 'text', text: truncate(code, CODE_MAX) }],
    });
  }

  return elements.length === 0 ? undefined : { type: 'rich_text', elements };
}

function section(mrkdwn: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.sectionText) } };
}

function contextBlock(mrkdwn: string): types.ContextBlock {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.sectionText) }],
  };
}

/** Keeps the message within Slack's 50 blocks, dropping from the end but keeping the buttons. */
function withActions(
  blocks: types.KnownBlock[],
  actions: types.ActionsBlock | undefined,
): types.KnownBlock[] {
  const room = actions ? LIMITS.blocks - 1 : LIMITS.blocks;
  const kept = blocks.slice(0, room);
  return actions ? [...kept, actions] : kept;
}

/** Joins paragraphs until the text budget is spent; never cuts a code block in half. */
function joinWithinBudget(parts: readonly string[]): string {
  const note = '_…shortened to fit one Slack message._';
  let out = '';

  for (const part of parts) {
    const next = out === '' ? part : `${out}\n\n${part}`;
    if (next.length > LIMITS.messageText - note.length - 2) {
      return out === '' ? truncate(part, LIMITS.messageText) : `${out}\n\n${note}`;
    }
    out = next;
  }
  return out;
}
