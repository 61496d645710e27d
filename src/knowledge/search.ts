// Fuzzy search over entries with fuse.js: the fallback classifier and free-text questions.
import Fuse from 'fuse.js';
import { BotError } from '../errors.js';
import type { Entry } from './types.js';

/** A search hit; `score` runs from 0 (perfect) to 1 (no match), as fuse.js reports it. */
export interface Match {
  entry: Entry;
  score: number;
}

export interface EntrySearch {
  search(query: string, limit?: number): Match[];
}

/** Longest query we hand to fuse.js: its cost grows with query length times text length. */
const MAX_QUERY_CHARS = 200;

/** Builds the search index once; queries are then cheap. */
export function createSearch(entries: readonly Entry[]): EntrySearch {
  if (entries.length === 0) throw new BotError('SEARCH_INDEX_EMPTY');

  const documents = entries.map((entry) => ({
    entry,
    id: entry.id,
    idWords: entry.id.replace(/-/g, ' '),
    title: entry.title,
    keywords: entry.keywords,
    tags: entry.tags,
    summary: entry.summary,
  }));
  const fuse = new Fuse(documents, {
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.4,
    useExtendedSearch: false,
    keys: [
      { name: 'idWords', weight: 3 },
      { name: 'title', weight: 3 },
      { name: 'keywords', weight: 3 },
      { name: 'tags', weight: 1 },
      { name: 'summary', weight: 1 },
    ],
  });

  return {
    search(query, limit = 5) {
      const words = normaliseQuery(query);
      if (words === '') return [];

      // Score each word on its own as well as the whole query: people type several words
      // ("LockOSThread without unlock") that rarely appear together in one field.
      const totals = new Map<string, { entry: Entry; sum: number; hits: number }>();
      const terms = termsOf(words);
      for (const term of terms) {
        for (const hit of fuse.search(term)) {
          const t = totals.get(hit.item.id) ?? { entry: hit.item.entry, sum: 0, hits: 0 };
          t.sum += 1 - (hit.score ?? 1);
          t.hits++;
          totals.set(hit.item.id, t);
        }
      }

      const best = Math.max(1, terms.length);
      return [...totals.values()]
        .map((t) => ({ entry: t.entry, score: round(1 - t.sum / best) }))
        .sort((a, b) => a.score - b.score)
        .slice(0, limit);
    },
  };
}

/**
 * The whole query, its word pairs and its longer words. Pairs keep short words that carry
 * meaning ("invalid m", "nil map"); single words of two letters or less are too common.
 */
function termsOf(words: string): string[] {
  const list = words.split(' ');
  const pairs = list.slice(1).map((w, i) => `${list[i]} ${w}`);
  const singles = list.filter((w) => w.length > 2 && !STOP_WORDS.has(w));
  return [...new Set([words, ...pairs, ...singles])];
}

/** Words people type around the question that say nothing about the cause. */
const STOP_WORDS = new Set([
  'the',
  'and',
  'for',
  'with',
  'after',
  'what',
  'why',
  'how',
  'does',
  'says',
  'my',
  'program',
  'keep',
  'keeps',
  'get',
  'got',
  'when',
  'this',
  'that',
  'from',
  'into',
]);

function normaliseQuery(query: string): string {
  return query
    .slice(0, MAX_QUERY_CHARS)
    .replace(/[^\p{L}\p{N}.\-_ /:]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function round(n: number): number {
  return Math.round(Math.max(0, n) * 1000) / 1000;
}
