// Socket Mode end to end: the bot dials the fake over a WebSocket and acks before answering.

import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore, type Store } from '../../adapters/shared/store.js';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.js';
import { coreDiagnoser, gatedDiagnoser, waitFor } from './fake-slack/harness.js';
import { NIL_MAP_PANIC } from './fake-slack/pastes.js';
import { BOT, type FakeSlack, startFakeSlack } from './fake-slack/server.js';
import { attachSocketMode, type FakeSocketMode } from './fake-slack/socket.js';

let fake: FakeSlack;
let socket: FakeSocketMode;
let store: Store;
let adapter: SlackAdapter;
let diagnoser: ReturnType<typeof gatedDiagnoser>;

beforeEach(async () => {
  fake = await startFakeSlack();
  socket = attachSocketMode(fake);
  store = openStore(':memory:');
  diagnoser = gatedDiagnoser(coreDiagnoser());
  adapter = createSlackAdapter({
    diagnoser,
    logger: pino({ level: 'silent' }),
    store,
    config: {
      mode: 'socket',
      botToken: BOT.token,
      signingSecret: undefined,
      appToken: 'xapp-fake',
      port: 0,
      apiUrl: fake.apiUrl,
      dbPath: ':memory:',
    },
    tuning: { retryConfig: { retries: 0 } },
  });
  await adapter.start();
});

afterEach(async () => {
  await adapter.stop();
  await socket.close();
  await fake.close();
  store.close();
});

it('connects with the app token and acks a slash command envelope before answering', async () => {
  await waitFor('the socket', () => socket.connected());
  expect(socket.authorizations).toEqual(['Bearer xapp-fake']);

  socket.send({
    envelope_id: 'env-1',
    type: 'slash_commands',
    accepts_response_payload: true,
    payload: {
      team_id: BOT.teamId,
      channel_id: 'C1',
      user_id: 'U1',
      command: '/crashdoc',
      text: NIL_MAP_PANIC,
      api_app_id: 'A1',
      response_url: fake.responseUrl(),
      trigger_id: '1.2.3',
    },
  });

  // The ack comes back while the diagnoser is still held at its gate.
  await waitFor('the ack', () => socket.received.some((m) => m['envelope_id'] === 'env-1'));
  expect(fake.responses).toEqual([]);
  diagnoser.release();

  const answer = await waitFor('the answer', () => fake.responses[0]);
  expect(answer.body['text']).toContain('Assignment to entry in nil map');
});
