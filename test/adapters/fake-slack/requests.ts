// What Slack sends the bot: signed slash commands, Events API callbacks and block actions.
import { createHmac } from 'node:crypto';
import { BOT } from './server.js';

export const SIGNING_SECRET = 'fake-signing-secret';

export interface SignOptions {
  /** Sign with another secret, as a forger would. */
  secret?: string;
  retryNum?: number;
}

/** POSTs `body` to the bot with Slack's v0 signature over `v0:timestamp:body`. */
export async function signedPost(
  url: string,
  body: string,
  contentType: string,
  options: SignOptions = {},
): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const hmac = createHmac('sha256', options.secret ?? SIGNING_SECRET);
  const signature = `v0=${hmac.update(`v0:${timestamp}:${body}`).digest('hex')}`;

  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'X-Slack-Request-Timestamp': timestamp,
    'X-Slack-Signature': signature,
  };
  if (options.retryNum !== undefined) {
    headers['X-Slack-Retry-Num'] = String(options.retryNum);
    headers['X-Slack-Retry-Reason'] = 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body });
}

export interface CommandOptions {
  text: string;
  responseUrl: string;
  user?: string;
  channel?: string;
}

/** A `/crashdoc` invocation, form-encoded as Slack sends it. */
export function slashCommand(botUrl: string, options: CommandOptions, sign?: SignOptions) {
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: BOT.teamId,
    team_domain: 'gophers',
    channel_id: options.channel ?? 'C1',
    channel_name: 'go-help',
    user_id: options.user ?? 'U1',
    user_name: 'gopher',
    command: '/crashdoc',
    text: options.text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: options.responseUrl,
    trigger_id: '1.2.3',
  }).toString();
  return signedPost(botUrl, body, 'application/x-www-form-urlencoded', sign);
}

let eventCounter = 0;

/** An Events API `event_callback` envelope around `event`. */
export function eventCallback(
  botUrl: string,
  event: Record<string, unknown>,
  options: SignOptions & { eventId?: string } = {},
) {
  eventCounter += 1;
  const body = JSON.stringify({
    token: 'legacy-verification-token',
    team_id: BOT.teamId,
    api_app_id: 'A1',
    event: { event_ts: event['ts'], ...event },
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: BOT.teamId, user_id: BOT.userId, is_bot: true }],
  });
  return signedPost(botUrl, body, 'application/json', options);
}

/** A message event as a person's client produces it. */
export function userMessage(fields: Record<string, unknown>): Record<string, unknown> {
  return { type: 'message', channel: 'C1', channel_type: 'channel', user: 'U1', ...fields };
}

export interface ActionOptions {
  actionId: string;
  value: string;
  responseUrl: string;
  user?: string;
  channel?: string;
  messageTs?: string;
  isEphemeral?: boolean;
}

/** A button click: form-encoded with the JSON in `payload=`. */
export function blockAction(botUrl: string, options: ActionOptions) {
  const channel = options.channel ?? 'C1';
  const messageTs = options.messageTs ?? '1700000001.000100';
  const payload = {
    type: 'block_actions',
    user: { id: options.user ?? 'U1', username: 'gopher', name: 'gopher', team_id: BOT.teamId },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: channel,
      is_ephemeral: options.isEphemeral ?? false,
    },
    trigger_id: '1.2.3',
    team: { id: BOT.teamId, domain: 'gophers' },
    channel: { id: channel, name: 'go-help' },
    ...(options.isEphemeral
      ? {}
      : { message: { type: 'message', ts: messageTs, text: 'reply', user: BOT.userId } }),
    response_url: options.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: options.actionId,
        block_id: 'crashdoc_actions',
        text: { type: 'plain_text', text: 'button' },
        value: options.value,
        action_ts: '1700000002.000000',
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return signedPost(botUrl, body, 'application/x-www-form-urlencoded');
}
