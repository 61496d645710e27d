// A fake Discord gateway: the real handshake (HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats
// answered with ACKs) over a WebSocket, then whatever events a test dispatches.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { guildCreate, ready } from './payloads.js';

const Op = { Dispatch: 0, Heartbeat: 1, Identify: 2, Resume: 6, Hello: 10, HeartbeatAck: 11 };

export interface FakeGateway {
  /** The IDENTIFY payloads received (their `d`), token and intents included. */
  readonly identifies: { token: string; intents: number }[];
  /** Heartbeats received and acknowledged. */
  readonly heartbeats: number;
  /** Sends a dispatch event to every connected client. */
  dispatch(type: string, data: unknown): void;
  /** Hands an HTTP upgrade on the gateway path to the WebSocket server. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

export interface FakeGatewayOptions {
  heartbeatMs: number;
  resumeUrl: string;
  /** Intent bits the application may not use: an IDENTIFY asking for them is refused. */
  disallowedIntents?: number;
}

export function createFakeGateway(options: FakeGatewayOptions): FakeGateway {
  const server = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  const identifies: { token: string; intents: number }[] = [];
  let heartbeats = 0;
  let sequence = 0;

  const send = (socket: WebSocket, payload: object) => socket.send(JSON.stringify(payload));
  const dispatchTo = (socket: WebSocket, type: string, data: unknown) => {
    sequence += 1;
    send(socket, { op: Op.Dispatch, t: type, s: sequence, d: data });
  };

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    send(socket, {
      op: Op.Hello,
      t: null,
      s: null,
      d: { heartbeat_interval: options.heartbeatMs },
    });

    socket.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (payload.op === Op.Heartbeat) {
        heartbeats += 1;
        send(socket, { op: Op.HeartbeatAck, t: null, s: null, d: null });
      } else if (payload.op === Op.Identify) {
        const identify = payload.d as { token: string; intents: number };
        identifies.push(identify);
        // What Discord does when the bot asks for a privileged intent not ticked in the portal.
        if ((identify.intents & (options.disallowedIntents ?? 0)) !== 0) {
          socket.close(4014, 'Disallowed intent(s).');
          return;
        }
        dispatchTo(socket, 'READY', ready(`session-${identifies.length}`, options.resumeUrl));
        dispatchTo(socket, 'GUILD_CREATE', guildCreate());
      } else if (payload.op === Op.Resume) {
        // Resuming is not faked: Discord's answer to a resume it cannot honour is this close.
        socket.close(4009, 'session timed out');
      }
    });
  });

  return {
    identifies,
    get heartbeats() {
      return heartbeats;
    },

    dispatch(type, data) {
      for (const socket of sockets) dispatchTo(socket, type, data);
    },

    upgrade(request, socket, head) {
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    },

    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
