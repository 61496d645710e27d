// Short-lived, bounded in-memory state: event ids already handled (the gateway may deliver an
// event twice, e.g. on resume) and recent message counts per channel (is a channel busy?).

/** Ids already claimed; the oldest are forgotten once `max` is reached. */
export interface SeenSet {
  /** True the first time an id is claimed, false every time after. */
  claim(id: string): boolean;
}

export function createSeenSet(max = 10_000): SeenSet {
  const seen = new Set<string>();
  return {
    claim(id) {
      if (seen.has(id)) return false;
      seen.add(id);
      // A Set iterates in insertion order, so the first value is the oldest.
      if (seen.size > max) seen.delete(seen.values().next().value ?? id);
      return true;
    },
  };
}

export interface BusyRule {
  /** Messages within the window (the asking one included) that make a channel busy. */
  messages: number;
  windowMs: number;
}

/** Counts recent human messages per channel, so answers go to a thread where talk is lively. */
export interface ActivityTracker {
  record(channelId: string, at: number): void;
  isBusy(channelId: string, now: number): boolean;
}

const MAX_CHANNELS = 2_000;

export function createActivityTracker(rule: BusyRule): ActivityTracker {
  const recent = new Map<string, number[]>();

  const prune = (channelId: string, now: number): number[] => {
    const times = (recent.get(channelId) ?? []).filter((t) => now - t < rule.windowMs);
    recent.delete(channelId);
    if (times.length > 0) recent.set(channelId, times.slice(-rule.messages));
    return times;
  };

  return {
    record(channelId, at) {
      const times = prune(channelId, at);
      recent.set(channelId, [...times, at].slice(-rule.messages));
      if (recent.size > MAX_CHANNELS) {
        const oldest = recent.keys().next().value;
        if (oldest !== undefined) recent.delete(oldest);
      }
    },

    isBusy(channelId, now) {
      return prune(channelId, now).length >= rule.messages;
    },
  };
}
