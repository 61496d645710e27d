// The logger type the core and adapters receive; built once in main.ts and injected.
import { pino } from 'pino';

export type Logger = pino.Logger;

export interface LoggerOptions {
  level?: string;
}

/** Builds the root logger. Tokens and secrets are redacted wherever they appear in fields. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({
    level: options.level ?? 'info',
    redact: {
      paths: ['token', '*.token', 'botToken', 'appToken', 'signingSecret', 'authorization'],
      censor: '[redacted]',
    },
  });
}

/** A logger that drops everything: the default for library use and tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
