// Slack settings from the environment, validated at start with every problem listed at once.
import { z } from 'zod';

/** How the adapter reaches Slack: a WebSocket it opens (Socket Mode) or a public HTTP endpoint. */
export type SlackMode = 'socket' | 'http';

export interface SlackConfig {
  mode: SlackMode;
  botToken: string;
  /** Needed in HTTP mode, where Bolt verifies every request's signature with it. */
  signingSecret: string | undefined;
  /** Present exactly when mode is 'socket'. */
  appToken: string | undefined;
  /** HTTP mode's listening port; 0 picks any free port. */
  port: number;
  /** Web API base ending in '/', or undefined for Slack's own. */
  apiUrl: string | undefined;
  /** SQLite file for channel settings and votes. */
  dbPath: string;
}

export type SlackConfigResult =
  | { ok: true; config: SlackConfig | undefined }
  | { ok: false; problems: string[] };

/** The variables that say "run the Slack adapter"; PORT and CRASHDOC_DB are shared. */
const SLACK_KEYS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL'];

const DEFAULT_PORT = 3000;
const DEFAULT_DB_PATH = './data/crashdoc.db';

// Empty strings count as unset: `SLACK_APP_TOKEN=` in a .env file means "not using it".
const optional = <T extends z.ZodType<string>>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is required (the xoxb- token from OAuth & Permissions)' })
    .startsWith('xoxb-', { error: 'must be a bot token starting with xoxb-' }),
  SLACK_SIGNING_SECRET: optional(z.string().regex(/^\S+$/, { error: 'must not contain spaces' })),
  SLACK_APP_TOKEN: optional(
    z.string().startsWith('xapp-', { error: 'must be an app-level token starting with xapp-' }),
  ),
  PORT: optional(
    z
      .string()
      .regex(/^\d+$/, { error: 'must be a whole number' })
      .refine((value) => !/^\d+$/.test(value) || Number(value) <= 65535, {
        error: 'must be at most 65535',
      }),
  ),
  SLACK_API_URL: optional(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' }),
  ),
  CRASHDOC_DB: optional(z.string()),
});

/**
 * Reads the Slack adapter's settings from `env`. Returns `config: undefined` when no Slack
 * variable is set (the adapter is simply not wanted), and every problem at once otherwise.
 *
 * @example
 * const slack = parseSlackConfig(process.env);
 * if (!slack.ok) throw new BotError('CONFIG_INVALID', slack.problems.join('; '));
 */
export function parseSlackConfig(
  env: Readonly<Record<string, string | undefined>>,
): SlackConfigResult {
  if (SLACK_KEYS.every((key) => isUnset(env[key]))) {
    return { ok: true, config: undefined };
  }

  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);

  // Socket Mode authenticates with the app token; HTTP mode has only the signature to trust.
  if (isUnset(env['SLACK_APP_TOKEN']) && isUnset(env['SLACK_SIGNING_SECRET'])) {
    problems.push(
      'SLACK_SIGNING_SECRET is required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }

  if (!parsed.success || problems.length > 0) return { ok: false, problems };

  const data = parsed.data;
  return {
    ok: true,
    config: {
      mode: data.SLACK_APP_TOKEN === undefined ? 'http' : 'socket',
      botToken: data.SLACK_BOT_TOKEN,
      signingSecret: data.SLACK_SIGNING_SECRET,
      appToken: data.SLACK_APP_TOKEN,
      port: data.PORT === undefined ? DEFAULT_PORT : Number(data.PORT),
      apiUrl: data.SLACK_API_URL === undefined ? undefined : withSlash(data.SLACK_API_URL),
      dbPath: data.CRASHDOC_DB ?? DEFAULT_DB_PATH,
    },
  };
}

function isUnset(value: string | undefined): boolean {
  return value === undefined || value === '';
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
