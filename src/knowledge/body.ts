// Parses an entry's markdown body into its sections with markdown-it's token stream.
import { parser as goParser } from '@lezer/go';
import MarkdownIt from 'markdown-it';
import { type Entry, type Fix, WORKAROUND_COLUMNS, type Workaround } from './types.js';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

/** The parts of an entry that come from its Markdown body. */
export type Body = Pick<
  Entry,
  'symptoms' | 'cause' | 'fixes' | 'workarounds' | 'verify' | 'references'
>;

const SECTIONS = ['Symptoms', 'Cause', 'Fix', 'Workarounds', 'Verify', 'References'] as const;
type SectionName = (typeof SECTIONS)[number];

interface Section {
  name: string;
  line: number;
  tokens: Token[];
  /** Source text of the section below its heading. */
  text: string;
}

type Problem = (line: number, message: string) => void;

const md = new MarkdownIt();

/** Splits the body on `##` headings; `offset` converts body lines to file lines. */
export function parseBody(text: string, offset: number, problem: Problem): Body | undefined {
  const tokens = md.parse(text, {});
  const lines = text.split('\n');
  const sections = splitSections(tokens, lines, offset);

  const names = sections.map((s) => s.name);
  if (names.join('|') !== SECTIONS.join('|')) {
    problem(
      offset,
      `sections must be exactly ${SECTIONS.join(', ')} in order (found ${names.join(', ') || 'none'})`,
    );
    return undefined;
  }
  const get = (name: SectionName) => sections[SECTIONS.indexOf(name)] as Section;

  const fixes = parseFixes(get('Fix'), offset, problem);
  const workarounds = parseWorkarounds(get('Workarounds'), problem);
  const verify = listItems(get('Verify'));
  if (verify.length === 0) problem(get('Verify').line, 'Verify needs at least one list item');
  if (!/\]\(https?:\/\//.test(get('References').text)) {
    problem(get('References').line, 'References needs at least one link');
  }

  return {
    symptoms: get('Symptoms').text,
    cause: get('Cause').text,
    fixes,
    workarounds,
    verify,
    references: get('References').text,
  };
}

function splitSections(tokens: Token[], lines: string[], offset: number): Section[] {
  const sections: Section[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type === 'heading_open' && t.tag === 'h2') {
      const start = (t.map?.[1] ?? 0) as number;
      sections.push({
        name: tokens[i + 1]?.content ?? '',
        line: (t.map?.[0] ?? 0) + offset + 1,
        tokens: [],
        text: String(start),
      });
      i += 2;
      continue;
    }
    sections.at(-1)?.tokens.push(t);
  }

  // Each section's text runs from below its heading to the next heading.
  for (let i = 0; i < sections.length; i++) {
    const section = sections[i] as Section;
    const from = Number(section.text);
    const next = sections[i + 1];
    const to = next ? next.line - offset - 1 : lines.length;
    section.text = lines.slice(from, to).join('\n').trim();
  }
  return sections;
}

function parseFixes(section: Section, offset: number, problem: Problem): Fix[] {
  const fixes: Fix[] = [];
  let current: (Fix & { line: number }) | undefined;

  for (let i = 0; i < section.tokens.length; i++) {
    const t = section.tokens[i] as Token;
    const line = (t.map?.[0] ?? 0) + offset + 1;
    if (t.type === 'heading_open' && t.tag === 'h3') {
      current = {
        title: section.tokens[i + 1]?.content ?? '',
        note: '',
        before: '',
        after: '',
        line,
      };
      fixes.push(current);
    } else if (t.type === 'paragraph_open' && current && current.before === '') {
      current.note = [current.note, section.tokens[i + 1]?.content ?? '']
        .filter(Boolean)
        .join('\n');
    } else if (t.type === 'fence') {
      addCode(current, t, line, problem);
    }
  }

  if (fixes.length === 0) problem(section.line, 'Fix needs at least one ### sub-section');
  for (const fix of fixes as (Fix & { line: number })[]) {
    if (!fix.before || !fix.after) {
      problem(fix.line, `fix "${fix.title}" needs a \`\`\`go before and a \`\`\`go after block`);
    }
    delete (fix as { line?: number }).line;
  }
  return fixes;
}

function addCode(fix: Fix | undefined, t: Token, line: number, problem: Problem): void {
  const info = t.info.trim();
  if (info !== 'go before' && info !== 'go after') {
    problem(line, `code blocks in Fix must be \`\`\`go before or \`\`\`go after (found "${info}")`);
    return;
  }
  if (!fix) {
    problem(line, 'code block before the first ### fix heading');
    return;
  }

  const errorLine = goSyntaxError(t.content);
  if (errorLine !== undefined) {
    problem(line + errorLine, 'Go code does not parse');
  }
  if (info === 'go before') fix.before = t.content.replace(/\n$/, '');
  else fix.after = t.content.replace(/\n$/, '');
}

/** Line (1-based within the block) of the first syntax error in a Go snippet, if any. */
export function goSyntaxError(code: string): number | undefined {
  const source = /^\s*package\s/m.test(code) ? code : `package snippet\n${code}`;
  const shift = source === code ? 0 : 1;
  let errorAt: number | undefined;
  goParser.parse(source).iterate({
    enter: (node) => {
      if (errorAt === undefined && node.type.isError) errorAt = node.from;
    },
  });
  if (errorAt === undefined) return undefined;
  return source.slice(0, errorAt).split('\n').length - shift;
}

function parseWorkarounds(section: Section, problem: Problem): Workaround[] {
  const rows: string[][] = [];
  let row: string[] | undefined;
  for (let i = 0; i < section.tokens.length; i++) {
    const t = section.tokens[i] as Token;
    if (t.type === 'tr_open') row = [];
    else if (t.type === 'inline' && row) row.push(t.content.trim());
    else if (t.type === 'tr_close' && row) rows.push(row);
  }

  const [header, ...body] = rows;
  if (!header || header.join('|') !== WORKAROUND_COLUMNS.join('|')) {
    problem(
      section.line,
      `Workarounds needs one table with columns ${WORKAROUND_COLUMNS.join(' | ')}`,
    );
    return [];
  }
  if (body.length === 0) problem(section.line, 'Workarounds table has no rows');
  return body.map(([workaround = '', removesCause = '', cost = '', whenToChoose = '']) => ({
    workaround,
    removesCause,
    cost,
    whenToChoose,
  }));
}

function listItems(section: Section): string[] {
  const items: string[] = [];
  let depth = 0;
  for (const t of section.tokens) {
    if (t.type === 'list_item_open') depth++;
    else if (t.type === 'list_item_close') depth--;
    else if (t.type === 'inline' && depth === 1) items.push(t.content);
  }
  return items;
}
