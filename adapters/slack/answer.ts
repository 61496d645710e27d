// What every Slack entry point shares: the adapter's dependencies, and paste → answer.
import { createHash, randomUUID } from 'node:crypto';
import {
  type Diagnoser,
  type Diagnosis,
  type Logger,
  type Reply,
  renderReply,
  renderSearchReply,
} from '../../src/index.js';
import type { Store } from '../shared/store.js';
import type { VoteRef } from './buttons.js';
import type { SlackConfig } from './config.js';
import type { DownloadOptions } from './files.js';
import type { RateGate } from './rate-limit.js';
import { slackErrorCode } from './send.js';
import type { TtlMap } from './ttl-map.js';

/** A full reply kept for a while so "Post to channel" can share an ephemeral answer. */
export interface CachedReply {
  reply: Reply;
  /** Absent for search answers: there is no diagnosis to vote on. */
  vote: VoteRef | undefined;
}

/** Everything the handlers need, built once per adapter. */
export interface SlackDeps {
  diagnoser: Diagnoser;
  store: Store;
  logger: Logger;
  config: SlackConfig;
  rateGate: RateGate;
  /** `channel:ts` of messages already answered (or being answered). */
  handled: TtlMap<true>;
  replies: TtlMap<CachedReply>;
  download: DownloadOptions;
  command: string;
}

/** What a paste turned into: a diagnosis, a search result, or nothing worth saying. */
export type Answer =
  | { kind: 'diagnosis'; diagnosis: Diagnosis; reply: Reply; vote: VoteRef }
  | { kind: 'search'; reply: Reply; matchCount: number }
  | { kind: 'nothing' };

/** Words longer than this are not a search query; they are a paste that held no crash. */
const MAX_QUERY_CHARS = 200;

/** Shown whenever something of ours fails; the log has the code, the user gets this. */
export const APOLOGY =
  'Sorry, something went wrong on my side while reading that. Please try again in a minute.';

/**
 * Diagnoses `paste`. When it holds no Go crash and `allowSearch` is set, its words are
 * searched in the knowledge base instead, as `/crashdoc lockosthread` expects.
 */
export async function answerPaste(
  deps: SlackDeps,
  paste: string,
  scope: RequestScope,
  options: { allowSearch: boolean; brief: boolean },
): Promise<Answer> {
  const diagnosis = await deps.diagnoser.diagnose(paste, scope);

  if (!holdsNoCrash(diagnosis)) {
    const reply = renderReply(diagnosis, {
      brief: options.brief,
      searchHint: `\`${deps.command} <words>\``,
    });
    const entryId = diagnosis.candidates[0]?.entry.id ?? null;
    return {
      kind: 'diagnosis',
      diagnosis,
      reply,
      vote: { entryId, fingerprint: diagnosis.fingerprint ?? null },
    };
  }

  return options.allowSearch ? searchAnswer(deps, paste) : { kind: 'nothing' };
}

/** Searches the knowledge base for the words of a short paste that held no crash. */
export function searchAnswer(deps: SlackDeps, words: string): Answer {
  const query = words.replace(/\s+/g, ' ').trim();
  if (query === '' || query.length > MAX_QUERY_CHARS) return { kind: 'nothing' };

  const matches = deps.diagnoser.search(query);
  return { kind: 'search', reply: renderSearchReply(query, matches), matchCount: matches.length };
}

function holdsNoCrash(diagnosis: Diagnosis): boolean {
  return diagnosis.notice === 'no-crash' || diagnosis.notice === 'empty';
}

/** One handled request: its id and a child logger carrying it (ids only, never names or text). */
export interface RequestScope {
  requestId: string;
  logger: Logger;
}

/** Starts a request: a fresh id, and a child logger carrying it plus `fields`. */
export function requestScope(
  deps: SlackDeps,
  fields: Record<string, string | undefined>,
): RequestScope {
  const requestId = randomUUID();
  return { requestId, logger: deps.logger.child({ requestId, ...fields }) };
}

/** Logs a failure by code (and the cause's code) without the message text of foreign errors. */
export function logFailure(logger: Logger, error: unknown, step: string): void {
  const cause = error instanceof Error ? error.cause : undefined;
  logger.error(
    {
      step,
      code: slackErrorCode(error),
      cause: cause === undefined ? undefined : slackErrorCode(cause),
    },
    'request failed',
  );
}

/**
 * A pseudonym for a voter, so a second click replaces the first without the Slack user id
 * being stored. (Workspace user ids are few, so treat it as a pseudonym, not anonymity.)
 */
export function voterHash(teamId: string | undefined, userId: string): string {
  return createHash('sha256')
    .update(`slack:${teamId ?? ''}:${userId}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * Logs how a paste was answered. Debug when the core has already logged its info line for the
 * same paste ('diagnosed'); info for auto-replies, whose diagnosis runs quietly.
 */
export function logAnswer(
  logger: Logger,
  answer: Answer,
  pasteLength: number,
  level: 'info' | 'debug' = 'debug',
): void {
  if (answer.kind === 'diagnosis') {
    const top = answer.diagnosis.candidates[0];
    logger[level](
      {
        outcome: 'diagnosis',
        entryId: top?.entry.id,
        confidence: top?.confidence,
        notice: answer.diagnosis.notice,
        pasteLength,
      },
      'answered',
    );
  } else {
    const matchCount = answer.kind === 'search' ? answer.matchCount : 0;
    logger[level]({ outcome: answer.kind, matchCount, pasteLength }, 'answered');
  }
}
