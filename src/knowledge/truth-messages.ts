// Matches a message quoted in an entry against the catalog and the allow-listed old messages.
import { type CatalogRow, messageMatcher } from './catalog.js';
import type { FactRow, TruthData } from './truth-data.js';

// How entries write a dynamic part: `…`, `...`, `<n>`, `<message>`.
const PLACEHOLDER = /…|\.\.\.|<[^<>]{1,40}>/g;

interface Compiled {
  row: CatalogRow | FactRow;
  kind: string;
  /** The message with its dynamic parts written as `%v`, for the quote's pattern to match. */
  text: string;
  /** Undefined for messages that are mostly dynamic (`%v: %v`): they would match any quote. */
  matcher?: RegExp;
  releases?: string[];
}

const compiledCache = new WeakMap<TruthData, Compiled[]>();

function compiled(data: TruthData): Compiled[] {
  let list = compiledCache.get(data);
  if (list) return list;
  list = data.catalog.map((row) => ({
    row,
    kind: row.kind,
    text: row.message,
    matcher: matcherOf(row.message),
    releases: row.releases,
  }));
  for (const row of data.messages) {
    const text = row.name.replace(PLACEHOLDER, '%v');
    list.push({ row, kind: 'allow', text, matcher: matcherOf(text) });
  }
  compiledCache.set(data, list);
  return list;
}

/**
 * Finds the catalog rows (or allow-listed messages) a quote can be: the catalog message matches
 * the quote with its placeholders filled, the quote's pattern matches the catalog message, or
 * the quote is the start of a catalog message (a partial quote of a real message is true).
 * Returns the releases that print it (undefined for allow-listed ones).
 */
export function findMessage(
  quote: string,
  kinds: string[],
  data: TruthData,
): { releases?: string[] } | undefined {
  const filled = quote.replace(PLACEHOLDER, 'X').trim();
  const pattern = quotePattern(quote);
  const releases = new Set<string>();
  let found = false;
  let isAllowed = false;

  for (const c of compiled(data)) {
    if (c.kind !== 'allow' && !kinds.includes(c.kind)) continue;
    const isMatch = c.matcher?.test(filled) || pattern.test(c.text) || isPrefix(filled, c.text);
    if (!isMatch) continue;
    found = true;
    if (c.kind === 'allow') isAllowed = true;
    for (const r of c.releases ?? []) releases.add(r);
  }
  if (!found) return undefined;
  return isAllowed ? {} : { releases: [...releases] };
}

function matcherOf(message: string): RegExp | undefined {
  const literal = message.replace(/%(?:#x|v|s|d|ld|p)/g, '').replace(/[^A-Za-z0-9]/g, '');
  return literal.length < 6 ? undefined : messageMatcher(message);
}

function quotePattern(quote: string): RegExp {
  const parts = quote
    .trim()
    .split(PLACEHOLDER)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`);
}

/** `index out of range` starts `index out of range [%v] with length %v` at a word boundary. */
function isPrefix(quote: string, message: string): boolean {
  if (quote.length < 8 || !message.startsWith(quote)) return false;
  const next = message[quote.length];
  return next === undefined || /[\s[(:,]/.test(next);
}
