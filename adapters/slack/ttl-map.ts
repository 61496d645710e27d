// A bounded, expiring map: remembers handled messages and recent replies without growing forever.

export interface TtlMapOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

/**
 * Insertion-ordered map whose entries expire after `ttlMs`; the oldest are evicted past
 * `maxEntries`. In memory only: a second process behind a load balancer needs Redis instead.
 */
export class TtlMap<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: TtlMapOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.#now() + this.#ttlMs });
    this.#prune();
  }

  /**
   * Stores `key` only if it is absent, returning whether this call stored it. Synchronous, so
   * two deliveries of one event racing through the event loop cannot both win.
   */
  claim(key: string, value: V): boolean {
    if (this.get(key) !== undefined) return false;
    this.set(key, value);
    return true;
  }

  get size(): number {
    return this.#entries.size;
  }

  #prune(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) {
      // Entries are in insertion order and share one TTL, so the first live one ends the scan.
      if (entry.expiresAt > now && this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(key);
    }
  }
}
