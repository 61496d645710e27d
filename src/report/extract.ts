// Finds Go output inside a chat paste: undoes what Slack, Discord and log collectors do to it.
import type { PasteLine } from './types.js';

/** The largest paste the core reads (the CLI's limit; adapters set lower ones). */
export const MAX_PASTE_BYTES = 128 * 1024 * 1024;

/** Lines longer than this are cut: no Go traceback line comes close, and regexes stay cheap. */
const MAX_LINE_CHARS = 4096;

export type Extracted =
  | { ok: true; lines: PasteLine[] }
  | { ok: false; notice: 'empty' | 'binary' | 'too-large' };

// An anchor is a line form that only Go crash output has; its position tells us how wide a
// log prefix (timestamps, `T:1234 NOTICE:`) is, so we can strip the same prefix everywhere.
const ANCHOR =
  /(panic: |fatal error: |goroutine \d+ (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[|WARNING: DATA RACE|SCHED \d+ms: |(?:runtime|main)\.[\w.]{1,200}\()/;

// CSI and OSC escape sequences (colours, titles, clipboard writes, hyperlinks).
const ANSI =
  /\u001b(?:\[[0-9;?]{0,32}[ -/]{0,4}[@-~]|\][^\u0007\u001b]{0,4096}(?:\u0007|\u001b\\)?|[@-_])/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"' };

/** Splits and cleans a paste, keeping each line's number in the original. Never throws. */
export function extractLines(paste: string, maxBytes = MAX_PASTE_BYTES): Extracted {
  if (Buffer.byteLength(paste, 'utf8') > maxBytes) return { ok: false, notice: 'too-large' };
  if (paste.trim() === '') return { ok: false, notice: 'empty' };
  if (isBinary(paste)) return { ok: false, notice: 'binary' };

  // Splitting on a string is several times faster than on a regex; most pastes have no CR.
  const raw = paste.includes('\r') ? paste.split(/\r\n|\r|\n/) : paste.split('\n');
  const marks = marksOf(paste);
  const lines: PasteLine[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    lines[i] = { line: i + 1, text: cleanLine(raw[i] ?? '', marks) };
  }

  return { ok: true, lines: stripLogPrefix(lines) };
}

/** Text with many control characters is a binary file pasted by mistake, not a crash. */
function isBinary(paste: string): boolean {
  const sample = paste.slice(0, 65536).replace(ANSI, '');
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0 || c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) {
      control++;
    }
  }
  return control > sample.length * 0.05;
}

/** Which kinds of chat damage the paste has at all, so clean lines skip every repair. */
interface Marks {
  hasControl: boolean;
  hasEntity: boolean;
  hasTypography: boolean;
  hasBacktick: boolean;
}

const TYPOGRAPHY = ['\u2018', '\u2019', '\u201c', '\u201d', '\u00a0'];

function marksOf(paste: string): Marks {
  return {
    hasControl: CONTROL.test(paste.slice(0, 1 << 20)) || CONTROL.test(paste.slice(-(1 << 20))),
    hasEntity: paste.includes('&'),
    // indexOf per character beats one regex scan of a large paste several times over.
    hasTypography: TYPOGRAPHY.some((c) => paste.includes(c)),
    hasBacktick: paste.includes('`'),
  };
}

// A line comes back as it came (no copy) unless it needs a repair: most lines of a large
// dump need none, and this runs once per line of pastes up to 128 MB.
function cleanLine(text: string, marks: Marks): string {
  let t = text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS) : text;

  // Terminal colours and other escape sequences would reach people's terminals through our
  // replies; other control and bidi-override characters only hide what a line says.
  if (marks.hasControl) {
    t = t
      .replace(ANSI, '')
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
  }

  // Slack escapes &, < and > in message text; smart quotes and NBSP come from rich editors.
  if (marks.hasEntity && t.includes('&')) {
    t = t.replace(/&(?:lt|gt|amp|quot);/g, (e) => ENTITIES[e] ?? e);
  }
  if (marks.hasTypography) {
    t = t
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/\u00a0/g, ' ');
  }

  // Quoted replies (`> `) and code fences, including a fence glued to the first or last line.
  const first = t.charCodeAt(0);
  if (first === 62) t = t.replace(/^(?:>[ \t]?)+/, '');
  // A terminal echoes Ctrl-\ (SIGQUIT) or Ctrl-C as `^\` / `^C` in front of the next line.
  if (t.charCodeAt(0) === 94) t = t.replace(/^\^[\\C]/, '');
  // …also after program output on the same line (test progress dots, a prompt).
  else if (t.includes('^\\SIG')) t = t.slice(t.indexOf('^\\SIG') + 2);
  if (marks.hasBacktick && t.includes('`')) t = unfence(t);

  // Replies quote pasted text inside code spans and Markdown: a backtick would end the span
  // and `](` could make a link. Go never prints either in a traceback.
  if (t.includes('`')) t = t.replace(/`/g, "'");
  if (t.includes('](')) t = t.replace(/\]\(/g, '] (');

  // Trailing whitespace: trimEnd removes what `\s+$` would, without a regex that backtracks
  // over long runs of inner spaces.
  const last = t.charCodeAt(t.length - 1);
  return last <= 32 || last >= 0xa0 ? t.trimEnd() : t;
}

function unfence(text: string): string {
  let t = text.replace(/^\s*```(?:[a-z]+(?=\s|$))?\s*/i, '');
  t = t.replace(/```\s*$/, '');

  // A crash wrapped in single inline backticks keeps them on its first and last lines.
  if (t.startsWith('`') && !t.startsWith('``')) t = t.slice(1);
  if (t.endsWith('`') && !t.endsWith('``')) t = t.slice(0, -1);
  return t;
}

/**
 * Removes a log prefix (journald, Kodi, CI timestamps) that precedes every line of the crash.
 * The prefix seen before the first anchor becomes a shape (digit runs match any digits) and
 * is stripped from every line that starts with the same shape.
 */
function stripLogPrefix(lines: PasteLine[]): PasteLine[] {
  const prefix = findPrefix(lines);
  if (prefix === undefined) return lines;

  const shape = prefixShape(prefix);
  return lines.map((l) => {
    const m = shape.exec(l.text);
    return m ? { line: l.line, text: l.text.slice(m[0].length), prefix: m[0] } : l;
  });
}

function findPrefix(lines: PasteLine[]): string | undefined {
  const limit = Math.min(lines.length, 2000);
  for (let i = 0; i < limit; i++) {
    const text = lines[i]?.text ?? '';
    const m = ANCHOR.exec(text);
    if (!m) continue;

    const prefix = text.slice(0, m.index);
    // Indentation is not a prefix (nested `\tpanic:` lines, indented pastes).
    if (prefix.trim() === '' || prefix.length > 200) return undefined;
    // Prose before a headline ("I got this: panic: ...") is not a per-line prefix either:
    // a log prefix carries digits (timestamps, pids).
    if (/\d/.test(prefix)) return prefix;
    // A prefix without digits (`error:stockdb: `, `pulumi:…:Stack infra  `) is a log prefix
    // when it repeats: prose before a headline does not also start the lines after it.
    const shape = prefixShape(prefix);
    let seen = 0;
    let repeats = 0;
    for (let j = i + 1; j < lines.length && seen < 10; j++) {
      const t = lines[j]?.text ?? '';
      if (t.trim() === '') continue;
      seen++;
      if (shape.test(t)) repeats++;
    }
    return repeats >= 3 && repeats * 2 >= seen ? prefix : undefined;
  }
  return undefined;
}

/** A linear-time matcher for the prefix: literal text, with each digit run as `\d+`. */
function prefixShape(prefix: string): RegExp {
  const parts = prefix.split(/(\d+)/).map((part, i) => {
    if (i % 2 === 1) return '\\d+';
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ +/g, ' +');
  });
  // Lines that were blank in the log end right after the prefix, without its trailing space.
  return new RegExp(`^${parts.join('').replace(/ \+$/, ' *')}`);
}
