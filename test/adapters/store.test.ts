// The shared settings store: defaults, persistence across reopen, vote upserts, coded errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../adapters/shared/store.js';

const opened: Store[] = [];
const dirs: string[] = [];

function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crashdoc-store-'));
  dirs.push(dir);
  // A nested folder proves the store creates missing directories on first open.
  return join(dir, 'nested', 'crashdoc.db');
}

function open(path: string): Store {
  const store = openStore(path);
  opened.push(store);
  return store;
}

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openStore', () => {
  it('defaults autoreply to on for Slack and off for Discord', () => {
    const store = open(':memory:');

    expect(store.isAutoreplyEnabled('slack', 'C1')).toBe(true);
    expect(store.isAutoreplyEnabled('discord', 'C1')).toBe(false);
  });

  it('keeps channel settings per platform and per channel', () => {
    const store = open(':memory:');

    store.setAutoreply('slack', 'C1', false);
    store.setAutoreply('discord', 'C1', true);

    expect(store.isAutoreplyEnabled('slack', 'C1')).toBe(false);
    expect(store.isAutoreplyEnabled('slack', 'C2')).toBe(true);
    expect(store.isAutoreplyEnabled('discord', 'C1')).toBe(true);
  });

  it('keeps settings and votes across a close and reopen of the same file', () => {
    const path = tempDbPath();
    const first = open(path);
    first.setAutoreply('slack', 'C1', false);
    first.recordVote({
      platform: 'slack',
      entryId: 'nil-map-assignment',
      fingerprint: 'fp1',
      isHelpful: true,
      voterHash: 'v1',
    });
    first.close();

    const second = open(path);

    expect(second.isAutoreplyEnabled('slack', 'C1')).toBe(false);
    expect(second.countVotes('nil-map-assignment')).toEqual({ helpful: 1, notHelpful: 0 });
  });

  it('lets a voter change their vote instead of counting it twice', () => {
    const store = open(':memory:');
    const vote = {
      platform: 'slack' as const,
      entryId: 'nil-map-assignment',
      fingerprint: 'fp1',
      voterHash: 'v1',
    };

    store.recordVote({ ...vote, isHelpful: true });
    store.recordVote({ ...vote, isHelpful: false });
    store.recordVote({ ...vote, voterHash: 'v2', isHelpful: true });

    expect(store.countVotes('nil-map-assignment')).toEqual({ helpful: 1, notHelpful: 1 });
    expect(store.countVotes('unknown-entry')).toEqual({ helpful: 0, notHelpful: 0 });
  });

  it('accepts votes without an entry id or fingerprint', () => {
    const store = open(':memory:');

    store.recordVote({
      platform: 'discord',
      entryId: null,
      fingerprint: null,
      isHelpful: false,
      voterHash: 'v1',
    });

    expect(store.countVotes('')).toEqual({ helpful: 0, notHelpful: 1 });
  });

  it('reports a coded STORE_FAILED error when used after close', () => {
    const store = open(':memory:');
    store.close();

    expect(() => store.isAutoreplyEnabled('slack', 'C1')).toThrow(
      expect.objectContaining({ code: 'STORE_FAILED' }),
    );
  });
});
