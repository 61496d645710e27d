// What every Discord handler needs, gathered once by the adapter and passed down.
import type { Client } from 'discord.js';
import type { Diagnoser, Logger } from '../../src/index.js';
import type { Store } from '../shared/store.js';
import type { DiscordConfig } from './config.js';
import type { DownloadLimits } from './paste.js';
import type { ActivityTracker, SeenSet } from './recent.js';

export interface HandlerContext {
  client: Client<true>;
  diagnoser: Diagnoser;
  store: Store;
  /** Already a child logger with `{ adapter: 'discord' }`. */
  logger: Logger;
  config: DiscordConfig;
  limits: DownloadLimits;
  activity: ActivityTracker;
  /** Message ids answered (or being answered), so a redelivered event gets no second answer. */
  seen: SeenSet;
}

/** The longest text treated as a search query rather than a paste without a crash. */
export const MAX_QUERY_CHARS = 200;

/** Whether text with no crash in it reads as a question for the knowledge base. */
export function isQuery(text: string): boolean {
  const trimmed = text.trim();
  return trimmed !== '' && trimmed.length <= MAX_QUERY_CHARS && !trimmed.includes('\n');
}

/** Text of the answer to a mention or command that holds nothing to diagnose. */
export const HELP_TEXT = [
  'Paste Go crash output (a panic, `fatal error`, goroutine dump or race report) and mention me',
  'in the same message, or mention me in a reply to the message holding it.',
  'Long output? Attach it as a file, or use `/diagnose`. Words alone search the knowledge base.',
].join(' ');
