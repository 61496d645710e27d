// Loads knowledge/*.md into entries, collecting every problem with its file and line.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import { BotError, KnowledgeError, type KnowledgeProblem } from '../errors.js';
import { type Body, parseBody } from './body.js';
import { defaultKnowledgeDir } from './dir.js';
import { type FrontMatter, frontMatterSchema } from './schema.js';
import type { Entry } from './types.js';

export { defaultKnowledgeDir };

/** Loads and validates every entry; throws one KnowledgeError listing all problems. */
export function loadKnowledge(dir: string = defaultKnowledgeDir()): Entry[] {
  const { entries, problems } = checkKnowledge(dir);
  if (problems.length > 0) throw new KnowledgeError(problems);
  return entries;
}

/** Like loadKnowledge, but returns the problems instead of throwing (for `kb check`). */
export function checkKnowledge(dir: string): { entries: Entry[]; problems: KnowledgeProblem[] } {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .sort();
  } catch (cause) {
    throw new BotError('KNOWLEDGE_UNREADABLE', dir, { cause });
  }

  const entries: Entry[] = [];
  const problems: KnowledgeProblem[] = [];
  for (const name of files) {
    const file = join(dir, name);
    const result = parseEntry(file, readFileSync(file, 'utf8'));
    problems.push(...result.problems);
    if (result.entry) entries.push(result.entry);
  }

  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.id)) problems.push({ file: entry.file, line: 1, message: 'duplicate id' });
    seen.add(entry.id);
  }
  if (files.length === 0) problems.push({ file: dir, line: 0, message: 'no entries found' });
  return { entries, problems };
}

/** Parses one entry file. Exported for tests of deliberately broken entries. */
export function parseEntry(
  file: string,
  text: string,
): { entry?: Entry; problems: KnowledgeProblem[] } {
  const problems: KnowledgeProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ file, line, message });

  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!match) {
    problem(1, 'missing front matter (--- YAML --- at the top of the file)');
    return { problems };
  }
  const yamlText = match[1] ?? '';
  const bodyOffset = yamlText.split('\n').length + 2;

  const front = parseFrontMatter(yamlText, problem);
  const body = parseBody(text.slice(match[0].length), bodyOffset, problem);

  const stem = basename(file, '.md');
  if (front && front.id !== stem) problem(2, `id "${front.id}" must equal the file name "${stem}"`);
  if (!front || !body || problems.length > 0) return { problems };

  return { entry: toEntry(file, front, body), problems };
}

function parseFrontMatter(
  yamlText: string,
  problem: (line: number, message: string) => void,
): FrontMatter | undefined {
  const doc = parseDocument(yamlText, { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) problem((error.linePos?.[0].line ?? 0) + 1, error.message);
    return undefined;
  }

  const parsed = frontMatterSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;

  const lines = yamlText.split('\n');
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String);
    problem(lineOfPath(lines, path) + 1, `${path.join('.') || '(front matter)'}: ${issue.message}`);
  }
  return undefined;
}

/** Best-effort line of a YAML path: the last named key on it, else the first key. */
function lineOfPath(lines: string[], path: string[]): number {
  const keys = path.filter((p) => !/^\d+$/.test(p));
  const last = keys.at(-1);
  const first = keys[0];
  const find = (key: string | undefined) =>
    key === undefined
      ? -1
      : lines.findIndex((l) => l.trimStart().replace(/^- /, '').startsWith(`${key}:`));
  const at = find(last);
  return at >= 0 ? at : Math.max(find(first), 0);
}

function toEntry(file: string, front: FrontMatter, body: Body): Entry {
  const { signature } = front;
  return {
    id: front.id,
    title: front.title,
    summary: front.summary,
    severity: front.severity,
    tags: front.tags,
    keywords: front.keywords,
    goBug: front.goBug,
    signature: {
      kinds: signature.kinds,
      when: signature.when,
      unless: signature.unless,
      minScore: signature.minScore,
      maxConfidence: signature.maxConfidence,
    },
    sources: front.sources,
    ...body,
    file,
  };
}
