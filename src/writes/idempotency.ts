import { WrikeError } from '../wrike/errors';
import type { CredentialStore } from '../connections/store';

/**
 * Idempotent creates: a key used again on the same connection within the window returns the first result and
 * writes nothing; concurrent duplicates share one write, in this process (one promise) and across replicas (the
 * key is claimed in the shared store; the others wait for its result). When a write's outcome is unknown (sent,
 * no answer), the key is kept as `unknown` and the next attempt first asks Wrike whether the first one landed.
 */
export interface IdempotencyOutcome {
  id: string;
  /** True when an earlier request with the key made the write. */
  replayed: boolean;
}

export class IdempotencyKeyReused extends Error {
  constructor() {
    super('This idempotency key was already used with different input');
  }
}

/**
 * Whether an entity Wrike stamped `created` may be the write attempted at `since` (epoch ms): Wrike stamps whole
 * seconds, so a second of slack either way.
 */
export function madeSince(created: string, since: number): boolean {
  return Date.parse(created) >= Math.floor(since / 1000) * 1000 - 1000;
}

export interface WriteAttempt {
  /** Makes the write; returns the new entity's id. */
  write: () => Promise<string>;
  /** After an unknown outcome: the id of what the earlier attempt created, if Wrike shows it did. */
  recover: (since: number) => Promise<string | undefined>;
}

type Backend = Pick<CredentialStore, 'claimIdempotencyKey' | 'setIdempotencyKey' | 'releaseIdempotencyKey'>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class IdempotencyStore {
  private readonly local = new Map<string, { fingerprint: string; promise: Promise<IdempotencyOutcome> }>();

  constructor(
    private readonly backend: Backend,
    private readonly options: { windowMs: number; pollMs: number; maxWaitMs: number; staleMs: number } = {
      windowMs: 24 * 3_600_000, pollMs: 50, maxWaitMs: 60_000, staleMs: 120_000,
    },
    private readonly now: () => number = Date.now,
  ) {}

  async run(scope: string, key: string, fingerprint: string, attempt: WriteAttempt): Promise<IdempotencyOutcome> {
    const id = `${scope}\n${key}`;
    const running = this.local.get(id);
    if (running) {
      if (running.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
      return { ...(await running.promise), replayed: true };
    }
    const promise = this.runShared(scope, key, fingerprint, attempt).finally(() => this.local.delete(id));
    this.local.set(id, { fingerprint, promise });
    return promise;
  }

  private async runShared(scope: string, key: string, fingerprint: string, attempt: WriteAttempt): Promise<IdempotencyOutcome> {
    const deadline = this.now() + this.options.maxWaitMs;
    for (;;) {
      const now = this.now();
      const existing = await this.backend.claimIdempotencyKey(scope, key, fingerprint, now, now + this.options.windowMs);
      if (!existing) return this.write(scope, key, attempt);
      if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
      if (existing.state === 'done' && existing.resultId) return { id: existing.resultId, replayed: true };
      if (existing.state === 'pending' && now - existing.since > this.options.staleMs) {
        // Its writer died without a word: treat the write as of unknown outcome.
        await this.backend.setIdempotencyKey(scope, key, 'unknown', null, 'pending');
        continue;
      }
      if (existing.state === 'unknown') {
        const found = await attempt.recover(existing.since);
        if (found) {
          await this.backend.setIdempotencyKey(scope, key, 'done', found);
          return { id: found, replayed: true };
        }
        // Nothing landed: one caller (compare-and-set) writes again.
        if (await this.backend.setIdempotencyKey(scope, key, 'pending', null, 'unknown')) return this.write(scope, key, attempt);
        continue;
      }
      if (this.now() > deadline) throw new WrikeError('unavailable', 'Another request with this idempotency key is still running; retry later');
      await sleep(this.options.pollMs);
    }
  }

  private async write(scope: string, key: string, attempt: WriteAttempt): Promise<IdempotencyOutcome> {
    let id: string;
    try {
      id = await attempt.write();
    } catch (error) {
      if (error instanceof WrikeError && error.kind === 'outcome_unknown') await this.backend.setIdempotencyKey(scope, key, 'unknown', null);
      else await this.backend.releaseIdempotencyKey(scope, key);
      throw error;
    }
    // Wrike took the write: a store that cannot record so now (it stalled) must not turn it into a failure, nor
    // release the key for a second write. The key stays pending; a retry with it recovers the write once stale.
    await this.backend.setIdempotencyKey(scope, key, 'done', id).catch(() => undefined);
    return { id, replayed: false };
  }
}
