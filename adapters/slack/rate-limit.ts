// Per-user and per-channel rate limits, so one noisy user or channel cannot starve the others.
import { TtlMap } from './ttl-map.js';

export interface RateLimit {
  /** Requests allowed in a burst. */
  burst: number;
  /** Time for the bucket to refill completely. */
  perMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/** A token bucket per key; keys idle for a full refill period are forgotten. */
export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #buckets: TtlMap<{ tokens: number; at: number }>;
  readonly #now: () => number;

  constructor(limit: RateLimit, now: () => number = Date.now) {
    this.#limit = limit;
    this.#now = now;
    this.#buckets = new TtlMap({ ttlMs: limit.perMs, maxEntries: 50_000, now });
  }

  /** Takes one token for `key`, or says how long until one is free. */
  take(key: string): RateDecision {
    const now = this.#now();
    const { burst, perMs } = this.#limit;
    const bucket = this.#buckets.get(key) ?? { tokens: burst, at: now };
    const tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * burst) / perMs);

    if (tokens < 1) {
      this.#buckets.set(key, { tokens, at: now });
      return { ok: false, retryAfterMs: Math.ceil(((1 - tokens) * perMs) / burst) };
    }

    this.#buckets.set(key, { tokens: tokens - 1, at: now });
    return { ok: true };
  }
}

/** The two limits every request passes: the asking user's and the channel's. */
export interface RateLimits {
  user: RateLimit;
  channel: RateLimit;
}

/** A person pastes a few crashes a minute at most; a channel's bursts come from incidents. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  user: { burst: 5, perMs: 60_000 },
  channel: { burst: 20, perMs: 60_000 },
};

/** Checks the user's bucket, then the channel's; a refused request uses no channel token. */
export function createRateGate(limits: RateLimits, now?: () => number) {
  const users = new RateLimiter(limits.user, now);
  const channels = new RateLimiter(limits.channel, now);

  return (userId: string, channelId: string): RateDecision => {
    const user = users.take(userId);
    if (!user.ok) return user;
    return channels.take(channelId);
  };
}

export type RateGate = ReturnType<typeof createRateGate>;
