// Slack's Socket Mode side: apps.connections.open hands out a WebSocket URL on the fake, which
// says hello, pushes envelopes and collects the bot's acks.
import { type WebSocket, WebSocketServer } from 'ws';
import type { FakeSlack } from './server.js';

export interface FakeSocketMode {
  /** Every message the bot sent over the socket (acks carry `envelope_id`). */
  readonly received: Record<string, unknown>[];
  /** The app token apps.connections.open was called with. */
  readonly authorizations: (string | undefined)[];
  connected(): boolean;
  send(envelope: Record<string, unknown>): void;
  close(): Promise<void>;
}

export function attachSocketMode(fake: FakeSlack): FakeSocketMode {
  const wss = new WebSocketServer({ server: fake.server, path: '/link' });
  const received: Record<string, unknown>[] = [];
  let socket: WebSocket | undefined;

  fake.methods.set('apps.connections.open', () => ({
    ok: true,
    url: `${fake.url.replace('http', 'ws')}/link`,
  }));

  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
    ws.send(
      JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }),
    );
  });

  return {
    received,
    get authorizations() {
      return fake.calls
        .filter((c) => c.method === 'apps.connections.open')
        .map((c) => c.authorization);
    },
    connected: () => socket !== undefined,
    send: (envelope) => socket?.send(JSON.stringify(envelope)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
