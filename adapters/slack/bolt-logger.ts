// Bolt's logger interface on top of our pino logger, without letting Slack payloads through.
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/index.js';

/** Long enough for Bolt's own sentences, short enough that a payload cannot ride along. */
const MAX_MESSAGE_CHARS = 300;

/**
 * Bolt and its WebClient log request and response bodies at debug level, and those bodies hold
 * pasted text, so debug is dropped outright. Other levels keep strings (clipped) and the
 * name and code of errors; other objects are reduced to their type.
 */
export function createBoltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let level = LogLevel.INFO;

  return {
    debug: () => undefined,
    info: (...args: unknown[]) => child.info(summarize(args), 'bolt'),
    warn: (...args: unknown[]) => child.warn(summarize(args), 'bolt'),
    error: (...args: unknown[]) => child.error(summarize(args), 'bolt'),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

function summarize(args: readonly unknown[]): { boltMessage: string; errorCode?: string } {
  const parts: string[] = [];
  let errorCode: string | undefined;

  for (const arg of args) {
    if (typeof arg === 'string' || typeof arg === 'number') {
      parts.push(String(arg));
    } else if (arg instanceof Error) {
      const code = 'code' in arg && typeof arg.code === 'string' ? arg.code : undefined;
      errorCode ??= code;
      parts.push(code === undefined ? arg.name : `${arg.name} (${code})`);
    } else {
      parts.push(`[${typeof arg}]`);
    }
  }

  const joined = parts.join(' ');
  const boltMessage =
    joined.length > MAX_MESSAGE_CHARS ? `${joined.slice(0, MAX_MESSAGE_CHARS)}…` : joined;
  return errorCode === undefined ? { boltMessage } : { boltMessage, errorCode };
}
