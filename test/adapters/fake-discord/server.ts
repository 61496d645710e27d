// A fake Discord on 127.0.0.1: the REST routes crashdoc uses (recording every request), the
// gateway on the URL that GET /gateway/bot hands out, and attachment downloads.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIChannel, APIInteraction, APIMessage } from 'discord.js';
import { createFakeGateway, type FakeGateway } from './gateway.js';
import {
  BUSY_CHANNEL_ID,
  botUser,
  GUILD_ID,
  QUIET_CHANNEL_ID,
  snowflake,
  textChannel,
  threadChannel,
} from './payloads.js';

export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | undefined;
  /** The status the fake answered with. */
  status: number;
}

interface Failure {
  method: string;
  path: RegExp;
  status: number;
  remaining: number;
}

export interface FakeDiscord {
  /** Origin, e.g. http://127.0.0.1:PORT. */
  readonly url: string;
  /** What DISCORD_API_URL should be: the REST base without the version. */
  readonly apiUrl: string;
  readonly gateway: FakeGateway;
  readonly requests: RecordedRequest[];
  readonly channels: Map<string, APIChannel>;
  /** Messages per channel, oldest first: those the bot sent and those tests posted. */
  readonly messages: Map<string, APIMessage[]>;
  /** Files served at /attachments/... */
  readonly files: Map<string, Buffer>;
  /** Makes the next `times` requests matching method and path fail with `status`. */
  failNext(method: string, path: RegExp, status: number, times?: number): void;
  /** Stores a user's message (so it can be fetched) and dispatches MESSAGE_CREATE. */
  post(message: APIMessage): void;
  /** Dispatches INTERACTION_CREATE, remembering its channel for follow-ups. */
  interact(interaction: APIInteraction): void;
  /** Opens a thread on a message as a person would, without telling the bot. */
  openThread(messageId: string, parentId: string): APIChannel;
  close(): Promise<void>;
}

const API_PREFIX = '/api/v10';

export async function startFakeDiscord(
  options: { heartbeatMs?: number; disallowedIntents?: number } = {},
): Promise<FakeDiscord> {
  const requests: RecordedRequest[] = [];
  const channels = new Map<string, APIChannel>([
    [QUIET_CHANNEL_ID, textChannel(QUIET_CHANNEL_ID, 'help')],
    [BUSY_CHANNEL_ID, textChannel(BUSY_CHANNEL_ID, 'general')],
  ]);
  const messages = new Map<string, APIMessage[]>();
  const files = new Map<string, Buffer>();
  const failures: Failure[] = [];
  const interactionChannels = new Map<string, string>();

  const store = (message: APIMessage) => {
    const list = messages.get(message.channel_id) ?? [];
    list.push(message);
    messages.set(message.channel_id, list);
    return message;
  };

  const botMessage = (channelId: string, body: Record<string, unknown>, extra = {}) =>
    store({
      id: snowflake(),
      channel_id: channelId,
      author: botUser,
      content: typeof body['content'] === 'string' ? body['content'] : '',
      embeds: (body['embeds'] as APIMessage['embeds']) ?? [],
      components: (body['components'] as APIMessage['components']) ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      type: body['message_reference'] ? 19 : 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: typeof body['flags'] === 'number' ? body['flags'] : 0,
      ...(body['message_reference'] ? { message_reference: body['message_reference'] } : {}),
      ...extra,
    } as APIMessage);

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const gateway = createFakeGateway({
    heartbeatMs: options.heartbeatMs ?? 1000,
    disallowedIntents: options.disallowedIntents,
    resumeUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/gateway`,
  });
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/gateway')) gateway.upgrade(req, socket, head);
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);

    if (target.pathname.startsWith('/attachments/')) {
      const file = files.get(target.pathname);
      if (!file) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(file);
    }

    const path = decodeURIComponent(target.pathname.slice(API_PREFIX.length));
    const method = req.method ?? 'GET';
    const isJson = req.headers['content-type']?.startsWith('application/json') === true;
    const body =
      raw.length > 0 && isJson ? (JSON.parse(String(raw)) as Record<string, unknown>) : undefined;
    const record: RecordedRequest = { method, path, query: target.searchParams, body, status: 0 };
    requests.push(record);

    const reply = (status: number, data?: unknown) => {
      record.status = status;
      if (data === undefined) return void res.writeHead(status).end();
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
    };

    const failure = failures.find(
      (f) => f.method === method && f.path.test(path) && f.remaining > 0,
    );
    if (failure) {
      failure.remaining -= 1;
      return reply(failure.status, {
        message: 'injected failure',
        code: failure.status === 403 ? 50013 : 0,
      });
    }

    const port = (server.address() as AddressInfo).port;
    const routes: [string, RegExp, (params: string[]) => void][] = [
      [
        'GET',
        /^\/gateway\/bot$/,
        () =>
          reply(200, {
            url: `ws://127.0.0.1:${port}/gateway`,
            shards: 1,
            session_start_limit: {
              total: 1000,
              remaining: 999,
              reset_after: 0,
              max_concurrency: 1,
            },
          }),
      ],
      [
        'POST',
        /^\/channels\/(\d+)\/messages$/,
        ([channelId = '']) =>
          channels.has(channelId)
            ? reply(200, botMessage(channelId, body ?? {}, { guild_id: GUILD_ID }))
            : reply(404, { message: 'Unknown Channel', code: 10003 }),
      ],
      [
        'GET',
        /^\/channels\/(\d+)\/messages$/,
        ([channelId = '']) => {
          const limit = Number(target.searchParams.get('limit') ?? 50);
          reply(200, [...(messages.get(channelId) ?? [])].reverse().slice(0, limit));
        },
      ],
      [
        'GET',
        /^\/channels\/(\d+)\/messages\/(\d+)$/,
        ([channelId = '', messageId]) => {
          const found = messages.get(channelId)?.find((msg) => msg.id === messageId);
          reply(found ? 200 : 404, found ?? { message: 'Unknown Message', code: 10008 });
        },
      ],
      [
        'POST',
        /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/,
        ([parentId = '', messageId = '']) => {
          // Discord allows one thread per message, and says so with this code.
          if (channels.has(messageId)) {
            return reply(400, { message: 'A thread has already been created', code: 160004 });
          }
          const thread = threadChannel(messageId, parentId, String(body?.['name'] ?? 'thread'));
          channels.set(messageId, thread);
          reply(201, thread);
        },
      ],
      [
        'GET',
        /^\/channels\/(\d+)$/,
        ([channelId = '']) => {
          const channel = channels.get(channelId);
          reply(channel ? 200 : 404, channel ?? { message: 'Unknown Channel', code: 10003 });
        },
      ],
      ['POST', /^\/interactions\/\d+\/[^/]+\/callback$/, () => reply(204)],
      [
        'PATCH',
        /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
        ([appId, token = '']) => reply(200, webhookMessage(appId ?? '', token)),
      ],
      [
        'POST',
        /^\/webhooks\/(\d+)\/([^/]+)$/,
        ([appId, token = '']) => reply(200, webhookMessage(appId ?? '', token)),
      ],
      [
        'PUT',
        /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/,
        () => {
          const commands = Array.isArray(body) ? (body as object[]) : [];
          reply(
            200,
            commands.map((c) => ({ ...c, id: snowflake(), version: snowflake() })),
          );
        },
      ],
    ];

    const webhookMessage = (appId: string, token: string) => {
      const channelId = interactionChannels.get(token) ?? QUIET_CHANNEL_ID;
      const extra = { webhook_id: appId, application_id: appId, guild_id: GUILD_ID };
      return botMessage(channelId, body ?? {}, extra);
    };

    for (const [routeMethod, pattern, run] of routes) {
      const match = routeMethod === method ? pattern.exec(path) : null;
      if (match) return run(match.slice(1));
    }
    reply(404, { message: `fake Discord has no route ${method} ${path}`, code: 0 });
  }

  return {
    url,
    apiUrl: `${url}/api`,
    gateway,
    requests,
    channels,
    messages,
    files,
    failNext(method, path, status, times = 1) {
      failures.push({ method, path, status, remaining: times });
    },
    post(message) {
      store(message);
      gateway.dispatch('MESSAGE_CREATE', message);
    },
    interact(interaction) {
      if (interaction.channel) interactionChannels.set(interaction.token, interaction.channel.id);
      gateway.dispatch('INTERACTION_CREATE', interaction);
    },
    openThread(messageId, parentId) {
      const thread = threadChannel(messageId, parentId, 'talk about this crash');
      channels.set(messageId, thread);
      return thread;
    },
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
