// `crashdoc search WORDS…`: fuzzy search of the knowledge base.

import { loadKnowledgeQuickly } from '../knowledge/bundle.js';
import { createSearch } from '../knowledge/search.js';
import { formatMarkdown } from '../render/markdown.js';
import { renderSearchReply } from '../render/reply.js';
import { formatText } from '../render/text.js';
import type { CliOptions } from './main.js';

export async function runSearch(words: string[], options: CliOptions): Promise<number> {
  const query = words.join(' ').trim();
  if (query === '') {
    process.stderr.write('crashdoc: search needs words, e.g. crashdoc search lockosthread\n');
    return 2;
  }

  const matches = createSearch(await loadKnowledgeQuickly(options.knowledge)).search(query, 5);
  if (options.format === 'json') {
    const json = {
      matches: matches.map((m) => ({ id: m.entry.id, title: m.entry.title, score: m.score })),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }

  const reply = renderSearchReply(query, matches);
  process.stdout.write(
    options.format === 'markdown' ? formatMarkdown(reply) : formatText(reply, options),
  );
  return 0;
}
