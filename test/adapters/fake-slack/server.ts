// A local Slack: Web API methods, response_url endpoints and a file host on 127.0.0.1, recording
// everything the bot sends and able to reject blocks or answer 429 like the real one.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockProblem } from './validate.js';

export const BOT = { userId: 'UBOT', botId: 'BBOT', teamId: 'T1', token: 'xoxb-fake-token' };

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  authorization: string | undefined;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
}

export interface FakeSlack {
  readonly url: string;
  readonly apiUrl: string;
  readonly calls: ApiCall[];
  readonly responses: ResponseUrlPost[];
  readonly fileRequests: { name: string; authorization: string | undefined }[];
  /** Messages that broke a Block Kit rule (the fake answered invalid_blocks). */
  readonly violations: string[];
  /** 'table': reject messages holding a table block; 'all': reject any blocks. */
  rejectBlocks: 'none' | 'table' | 'all';
  /** Answer the next call to this method with 429 and Retry-After. */
  rateLimitNext: { method: string; retryAfter: number } | undefined;
  files: Map<string, string>;
  /** Thread parents served by conversations.replies, keyed by `channel:ts`. */
  threads: Map<string, Record<string, unknown>>;
  /** Extra Web API methods a test adds (apps.connections.open for Socket Mode). */
  methods: Map<string, (args: Record<string, unknown>) => Record<string, unknown>>;
  readonly server: Server;
  responseUrl(): string;
  fileUrl(name: string): string;
  posted(method?: string): ApiCall[];
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  let nextTs = 1_700_000_000;
  let nextResponse = 0;

  const state = {
    calls: [] as ApiCall[],
    responses: [] as ResponseUrlPost[],
    fileRequests: [] as { name: string; authorization: string | undefined }[],
    violations: [] as string[],
  };

  const fake = {
    ...state,
    rejectBlocks: 'none' as FakeSlack['rejectBlocks'],
    rateLimitNext: undefined as FakeSlack['rateLimitNext'],
    files: new Map<string, string>(),
    threads: new Map<string, Record<string, unknown>>(),
    methods: new Map<string, (args: Record<string, unknown>) => Record<string, unknown>>(),
  };

  const rejection = (message: Record<string, unknown>): string | undefined => {
    const blocks = message['blocks'];
    const problem = blockProblem(message);
    if (problem) {
      state.violations.push(problem);
      return 'invalid_blocks';
    }
    if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
    if (fake.rejectBlocks === 'all') return 'invalid_blocks';
    const hasTable = blocks.some((b: { type?: string }) => b.type === 'table');
    return fake.rejectBlocks === 'table' && hasTable ? 'invalid_blocks' : undefined;
  };

  const api = (
    method: string,
    args: Record<string, unknown>,
    auth?: string,
  ): Record<string, unknown> => {
    if (method !== 'apps.connections.open' && auth !== `Bearer ${BOT.token}`) {
      return { ok: false, error: 'invalid_auth' };
    }
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: BOT.userId,
          bot_id: BOT.botId,
          team_id: BOT.teamId,
          user: 'crashdoc',
        };
      case 'chat.postMessage':
      case 'chat.update':
      case 'chat.postEphemeral': {
        const error = rejection(args);
        if (error) return { ok: false, error };
        nextTs += 1;
        return {
          ok: true,
          channel: args['channel'],
          ts: `${nextTs}.000100`,
          message_ts: `${nextTs}.000100`,
        };
      }
      case 'conversations.replies': {
        const parent = fake.threads.get(`${args['channel']}:${args['ts']}`);
        return parent
          ? { ok: true, messages: [parent], has_more: false }
          : { ok: false, error: 'thread_not_found' };
      }
      default:
        return fake.methods.get(method)?.(args) ?? { ok: false, error: 'unknown_method' };
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      res.writeHead(500).end();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const body = await readBody(req);

    if (path.startsWith('/api/')) {
      const method = path.slice('/api/'.length);
      const args = parseForm(body);
      state.calls.push({ method, args, authorization: req.headers.authorization });
      if (fake.rateLimitNext?.method === method) {
        const { retryAfter } = fake.rateLimitNext;
        fake.rateLimitNext = undefined;
        res.writeHead(429, { 'Retry-After': String(retryAfter) }).end();
        return;
      }
      json(res, 200, api(method, args, req.headers.authorization));
      return;
    }

    if (path.startsWith('/respond/')) {
      const message = JSON.parse(body) as Record<string, unknown>;
      state.responses.push({ id: path.slice('/respond/'.length), body: message });
      const error = message['delete_original'] ? undefined : rejection(message);
      if (error) json(res, 400, { ok: false, error });
      else res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }

    if (path.startsWith('/files/')) {
      const name = path.slice('/files/'.length);
      state.fileRequests.push({ name, authorization: req.headers.authorization });
      const content = fake.files.get(name);
      // Like Slack: without the bot token you get the HTML sign-in page, not the file.
      if (req.headers.authorization !== `Bearer ${BOT.token}` || content === undefined) {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>sign in</html>');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(content);
      return;
    }

    res.writeHead(404).end();
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return Object.assign(fake, {
    url,
    server,
    apiUrl: `${url}/api/`,
    responseUrl: () => `${url}/respond/${++nextResponse}`,
    fileUrl: (name: string) => `${url}/files/${name}`,
    posted: (method?: string) =>
      state.calls.filter((c) => (method ? c.method === method : c.method.startsWith('chat.'))),
    close: () => closeServer(server),
  });
}

function parseForm(body: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    // The WebClient sends objects (blocks) as JSON strings inside the form.
    args[key] = key === 'blocks' ? JSON.parse(value) : value;
  }
  return args;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
