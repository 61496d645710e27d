// Text for Slack's mrkdwn: escaping echoed paste text and converting the core's inline markdown.

/** Slack's own limits, from the Block Kit reference. */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  buttonValue: 2000,
  /** Where a plain `text` message starts being awkward to read; Slack's hard cap is 40,000. */
  messageText: 3900,
} as const;

/**
 * Escapes the three characters Slack gives meaning to. Without this a paste holding
 * `<!channel>` or `<@U123>` would ping people through the bot.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Converts the core's inline markdown (backticks, **bold**, [text](url)) to mrkdwn, escaping
 * everything first. Code spans are left alone apart from escaping: a headline quoted from the
 * paste inside backticks must not turn into a link or bold text.
 */
export function inlineToMrkdwn(inline: string): string {
  const parts = reflow(inline).split(/(`[^`\n]*`)/);

  return parts
    .map((part, index) => {
      // split() with one capture group puts the code spans at the odd indexes.
      if (index % 2 === 1) return escapeMrkdwn(part);
      return escapeMrkdwn(part)
        .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
        .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)|]+)\)/g, '<$2|$1>');
    })
    .join('');
}

/**
 * Joins the hard-wrapped lines of knowledge prose (wrapped at 90 columns in the markdown
 * files) so Slack wraps them to the window instead. Blank lines and list items stay; `- `
 * items become bullets.
 */
export function reflow(text: string): string {
  const out: string[] = [];

  for (const raw of text.split('\n')) {
    const line = raw.replace(/^(\s*)[-*] /, '$1• ');
    const previous = out.at(-1);
    const startsLine =
      previous === undefined ||
      previous.trim() === '' ||
      line.trim() === '' ||
      /^\s*(•|\d+\.) /.test(line) ||
      /^(\t| {4})/.test(raw);

    if (startsLine) out.push(line);
    else out[out.length - 1] = `${previous} ${line.trim()}`;
  }
  return out.join('\n');
}

/** Inline markdown with the markup removed, for plain_text fields and table cells. */
export function inlineToPlain(inline: string): string {
  return inline
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, '$1')
    .replace(/`([^`\n]*)`/g, '$1');
}

/**
 * Cuts `text` to at most `max` UTF-16 units, ending with an ellipsis when cut. Never splits a
 * surrogate pair (Slack rejects the lone half) and never ends inside an `&amp;`-style escape.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;

  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;

  const cut = text.slice(0, end);
  const entity = cut.match(/&[a-z]{0,4}$/);
  return `${entity ? cut.slice(0, entity.index) : cut}…`;
}

/**
 * Wraps raw text (paste lines, Go code, a monospace table) in a mrkdwn code block that fits
 * `max` characters. Triple backticks inside are broken up so they cannot close the block.
 */
export function codeBlock(raw: string, max: number): string {
  const fence = '```';
  const body = escapeMrkdwn(raw.replace(/```/g, '`\u200b``'));
  return `${fence}${truncate(body, max - fence.length * 2)}${fence}`;
}

/** A bulleted mrkdwn list of inline-markdown items. */
export function bullets(items: readonly string[]): string {
  return items.map((item) => `• ${inlineToMrkdwn(item)}`).join('\n');
}
