// The small SQLite database both chat adapters share: per-channel settings and reply votes.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { BotError } from '../../src/index.js';

export type Platform = 'slack' | 'discord';

/** One "Helpful / Not helpful" click. Holds ids and hashes only, never the paste. */
export interface Vote {
  platform: Platform;
  entryId: string | null;
  fingerprint: string | null;
  isHelpful: boolean;
  /** A one-way hash of the voter's platform id, so a voter can change their mind. */
  voterHash: string;
}

export interface Store {
  /** Whether the bot answers crash pastes unasked in this channel (Slack on, Discord off). */
  isAutoreplyEnabled(platform: Platform, channelId: string): boolean;
  setAutoreply(platform: Platform, channelId: string, enabled: boolean): void;
  /** Records a vote; a second vote by the same voter on the same answer replaces the first. */
  recordVote(vote: Vote): void;
  /** Votes for one knowledge entry, across platforms. */
  countVotes(entryId: string): { helpful: number; notHelpful: number };
  close(): void;
}

/** Autoreply default per platform: Slack teams install the bot for it, Discord servers opt in. */
const AUTOREPLY_DEFAULT: Record<Platform, boolean> = { slack: true, discord: false };

// Each step moves the schema up one version (PRAGMA user_version), so old files upgrade in place.
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE channel_settings (
     platform TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     autoreply INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (platform, channel_id)
   );
   CREATE TABLE votes (
     platform TEXT NOT NULL,
     entry_id TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     voter_hash TEXT NOT NULL,
     is_helpful INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (platform, entry_id, fingerprint, voter_hash)
   );
   CREATE INDEX votes_by_entry ON votes (entry_id);`,
];

/**
 * Opens (creating on first use) the settings database at `path`; `':memory:'` works for tests.
 *
 * @example
 * const store = openStore(process.env.CRASHDOC_DB ?? './data/crashdoc.db');
 * store.setAutoreply('slack', 'C123', false);
 */
export function openStore(path: string): Store {
  const db = guard('open', () => openDatabase(path));

  const getSetting = db.prepare<[string, string], { autoreply: number }>(
    'SELECT autoreply FROM channel_settings WHERE platform = ? AND channel_id = ?',
  );
  const putSetting = db.prepare<[string, string, number, number]>(
    `INSERT INTO channel_settings (platform, channel_id, autoreply, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (platform, channel_id)
     DO UPDATE SET autoreply = excluded.autoreply, updated_at = excluded.updated_at`,
  );
  const putVote = db.prepare<[string, string, string, string, number, number]>(
    `INSERT INTO votes (platform, entry_id, fingerprint, voter_hash, is_helpful, created_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (platform, entry_id, fingerprint, voter_hash)
     DO UPDATE SET is_helpful = excluded.is_helpful, created_at = excluded.created_at`,
  );
  const sumVotes = db.prepare<[string], { helpful: number | null; total: number }>(
    'SELECT SUM(is_helpful) AS helpful, COUNT(*) AS total FROM votes WHERE entry_id = ?',
  );

  return {
    isAutoreplyEnabled(platform, channelId) {
      const row = guard('read setting', () => getSetting.get(platform, channelId));
      return row === undefined ? AUTOREPLY_DEFAULT[platform] : row.autoreply === 1;
    },

    setAutoreply(platform, channelId, enabled) {
      guard('write setting', () =>
        putSetting.run(platform, channelId, enabled ? 1 : 0, Date.now()),
      );
    },

    recordVote(vote) {
      // Empty strings stand in for "unknown" so the primary key can deduplicate them too.
      const entryId = vote.entryId ?? '';
      const fingerprint = vote.fingerprint ?? '';
      const isHelpful = vote.isHelpful ? 1 : 0;
      guard('write vote', () =>
        putVote.run(vote.platform, entryId, fingerprint, vote.voterHash, isHelpful, Date.now()),
      );
    },

    countVotes(entryId) {
      const row = guard('count votes', () => sumVotes.get(entryId));
      const helpful = row?.helpful ?? 0;
      return { helpful, notHelpful: (row?.total ?? 0) - helpful };
    },

    close() {
      if (db.open) db.close();
    },
  };
}

function openDatabase(path: string): Database.Database {
  if (path !== ':memory:' && !path.startsWith('file:')) {
    mkdirSync(dirname(path), { recursive: true });
  }

  const db = new Database(path);
  // WAL lets a reader (a second process, a backup) work while the bot writes.
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 2000');

  migrate(db);
  return db;
}

function migrate(db: Database.Database): void {
  const current = Number(db.pragma('user_version', { simple: true }));

  for (let version = current; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** Runs one database step, turning driver errors into a coded STORE_FAILED error. */
function guard<T>(step: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new BotError('STORE_FAILED', step, { cause: error });
  }
}
