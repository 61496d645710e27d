// Delivering a reply: step down from table blocks to a code-block table to plain text when
// Slack rejects the blocks, so the user always gets an answer.
import type { RespondArguments, RespondFn } from '@slack/bolt';
import { BotError, type Logger } from '../../src/index.js';
import { FALLBACK_LEVELS, type FallbackLevel, type SlackMessage } from './format.js';

/** Posts one message somewhere (chat.postMessage, chat.update, a response_url). */
export type Sender = (message: SlackMessage) => Promise<void>;

/** Slack's answers that mean "these blocks are not acceptable", as opposed to "you can't post". */
const BLOCK_REJECTIONS = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_blocks_too_long',
  'msg_too_long',
]);

/**
 * Sends the richest level Slack accepts. Levels that build the same message as the last one
 * (no comparison table, say) are skipped. Other failures throw ADAPTER_POST_FAILED at once.
 */
export async function sendWithFallback(
  build: (level: FallbackLevel) => SlackMessage,
  send: Sender,
  logger: Logger,
): Promise<FallbackLevel> {
  let previous = '';

  for (const level of FALLBACK_LEVELS) {
    const message = build(level);
    const serialized = JSON.stringify(message);
    if (serialized === previous) continue;
    previous = serialized;

    try {
      await send(message);
      return level;
    } catch (error) {
      if (level === 'text' || !isBlocksRejected(error)) {
        throw new BotError('ADAPTER_POST_FAILED', slackErrorCode(error), { cause: error });
      }
      logger.warn(
        { fallbackLevel: level, slackError: slackErrorCode(error) },
        'blocks rejected, falling back',
      );
    }
  }

  // Unreachable: the 'text' level either returns or throws.
  throw new BotError('ADAPTER_POST_FAILED', 'no fallback level left');
}

/** Whether `error` is Slack refusing the blocks (Web API error code, or a 400 on response_url). */
export function isBlocksRejected(error: unknown): boolean {
  if (error instanceof ResponseUrlError)
    return error.status === 400 || BLOCK_REJECTIONS.has(error.slackError);
  if (!isRecord(error)) return false;
  if (error['code'] === 'slack_bolt_respond_error') return error['statusCode'] === 400;
  const data = error['data'];
  return isRecord(data) && typeof data['error'] === 'string' && BLOCK_REJECTIONS.has(data['error']);
}

/** A short, loggable code for any error we meet: ours, Bolt's, the Web API's or Slack's own. */
export function slackErrorCode(error: unknown): string {
  if (error instanceof ResponseUrlError) return `response_url:${error.slackError || error.status}`;
  if (!isRecord(error)) return 'unknown';
  const data = error['data'];
  if (isRecord(data) && typeof data['error'] === 'string') return data['error'];
  if (typeof error['code'] === 'string') return error['code'];
  return error instanceof Error ? error.name : 'unknown';
}

/** A response_url that answered with an error in its body (HTTP 200 with `ok: false`). */
export class ResponseUrlError extends Error {
  readonly status: number;
  readonly slackError: string;

  constructor(status: number, slackError: string) {
    super(`response_url answered ${status} ${slackError}`);
    this.name = 'ResponseUrlError';
    this.status = status;
    this.slackError = slackError;
  }
}

/** Where a response_url message goes: only the caller, or the channel; a new or replaced one. */
export interface RespondPlacement {
  response_type: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

/**
 * A Sender over Bolt's respond(). Bolt throws on non-2xx answers; this also catches Slack's
 * `{"ok":false,"error":…}` bodies, which arrive with a 200.
 */
export function respondSender(respond: RespondFn, extra: RespondPlacement): Sender {
  return async (message) => {
    const args: RespondArguments = message.blocks
      ? { ...extra, text: message.text, blocks: message.blocks }
      : { ...extra, text: message.text };
    const response = await respond(args);
    const body = await response.text().catch(() => '');
    const error = okFalseError(body);
    if (error !== undefined) throw new ResponseUrlError(response.status, error);
  };
}

function okFalseError(body: string): string | undefined {
  if (!body.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (isRecord(parsed) && parsed['ok'] === false) {
      return typeof parsed['error'] === 'string' ? parsed['error'] : 'unknown';
    }
  } catch {
    // A body that is not JSON ("ok") is Slack's normal success answer.
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
