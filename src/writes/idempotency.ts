import { WrikeError } from '../wrike/errors';
import type { CredentialStore } from '../connections/store';

/**
 * Idempotent creates: a key used again on the same connection within the window returns the first result and
 * writes nothing; concurrent duplicates share one write, in this process (one promise) and across replicas (the
 * key is claimed in the shared store; the others wait for its result, never past their own request's deadline).
 * When a write's outcome is unknown (sent, no answer), the key is kept as `unknown` and the next attempt first asks
 * Wrike whether the first one landed. A pending key's writer holds a short lease and renews it while it works: a
 * key whose lease lapsed (its writer died, e.g. a killed replica) counts as of unknown outcome and is recovered so.
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

/** How long a caller may wait for another request's write with the same key. */
export interface WaitBound {
  /** Epoch ms: the caller's request deadline. Waiting stops a little before it (an answer must still go out). */
  deadline?: number;
}

type Backend = Pick<CredentialStore, 'claimIdempotencyKey' | 'setIdempotencyKey' | 'releaseIdempotencyKey' | 'renewIdempotencyLease' | 'takeOverLapsedIdempotencyKey'>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a caller hears when the write with its key is still under way elsewhere as its own deadline comes. */
export function stillSettling(): WrikeError {
  return new WrikeError('outcome_unknown', 'An earlier request with this idempotency key is still settling its write; its outcome is not known yet');
}

export interface IdempotencyOptions {
  windowMs: number;
  pollMs: number;
  /** The longest a caller without a deadline waits for another request's write. */
  maxWaitMs: number;
  /** A pending key with no lease (claimed before leases) counts as abandoned after this long. */
  staleMs: number;
  /** A writer's lease on its pending key, renewed every third of it while the write runs. */
  leaseMs: number;
  /** Stop waiting this long before the caller's deadline. */
  marginMs: number;
}

export const DEFAULT_IDEMPOTENCY_OPTIONS: IdempotencyOptions = {
  windowMs: 24 * 3_600_000, pollMs: 50, maxWaitMs: 60_000, staleMs: 120_000, leaseMs: 6_000, marginMs: 200,
};

export class IdempotencyStore {
  private readonly local = new Map<string, { fingerprint: string; promise: Promise<IdempotencyOutcome> }>();

  constructor(
    private readonly backend: Backend,
    private readonly options: IdempotencyOptions = DEFAULT_IDEMPOTENCY_OPTIONS,
    private readonly now: () => number = Date.now,
  ) {}

  async run(scope: string, key: string, fingerprint: string, attempt: WriteAttempt, bound: WaitBound = {}): Promise<IdempotencyOutcome> {
    const id = `${scope}\n${key}`;
    const waitUntil = Math.min(this.now() + this.options.maxWaitMs, (bound.deadline ?? Infinity) - this.options.marginMs);
    const running = this.local.get(id);
    if (running) {
      if (running.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
      return { ...(await this.within(running.promise, waitUntil)), replayed: true };
    }
    const promise = this.runShared(scope, key, fingerprint, attempt, waitUntil).finally(() => this.local.delete(id));
    this.local.set(id, { fingerprint, promise });
    return promise;
  }

  /** The other request's outcome, or "still settling" once this caller may wait no longer. */
  private async within(promise: Promise<IdempotencyOutcome>, waitUntil: number): Promise<IdempotencyOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(stillSettling()), Math.max(0, waitUntil - this.now()));
    });
    try {
      return await Promise.race([promise, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async runShared(scope: string, key: string, fingerprint: string, attempt: WriteAttempt, waitUntil: number): Promise<IdempotencyOutcome> {
    for (;;) {
      const now = this.now();
      const existing = await this.backend.claimIdempotencyKey(scope, key, fingerprint, now, now + this.options.windowMs, now + this.options.leaseMs);
      if (!existing) return this.write(scope, key, attempt);
      if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
      if (existing.state === 'done' && existing.resultId) return { id: existing.resultId, replayed: true };
      if (existing.state === 'pending' && now > (existing.leaseUntil ?? existing.since + this.options.staleMs)) {
        // Its writer stopped renewing its lease (it died without a word): the write's outcome is unknown. The store
        // checks the lapse again as it takes the key over, so a renewal that landed since keeps it its writer's.
        await this.backend.takeOverLapsedIdempotencyKey(scope, key, now, now - this.options.staleMs);
        continue;
      }
      if (existing.state === 'unknown') {
        const found = await attempt.recover(existing.since);
        if (found) {
          await this.backend.setIdempotencyKey(scope, key, 'done', found);
          return { id: found, replayed: true };
        }
        // Nothing landed: one caller (compare-and-set) writes again, under a lease of its own.
        if (await this.backend.setIdempotencyKey(scope, key, 'pending', null, 'unknown', this.now() + this.options.leaseMs)) return this.write(scope, key, attempt);
        continue;
      }
      // Its writer is alive and at work: wait for it, but never past this caller's own deadline.
      if (this.now() + this.options.pollMs > waitUntil) throw stillSettling();
      await sleep(this.options.pollMs);
    }
  }

  private async write(scope: string, key: string, attempt: WriteAttempt): Promise<IdempotencyOutcome> {
    let id: string;
    // The lease is renewed while the write runs; a renewal the store does not answer is skipped (the next may land).
    const renewal = setInterval(() => {
      void this.backend.renewIdempotencyLease(scope, key, this.now() + this.options.leaseMs).catch(() => undefined);
    }, Math.max(10, Math.floor(this.options.leaseMs / 3)));
    renewal.unref();
    try {
      id = await attempt.write();
    } catch (error) {
      if (error instanceof WrikeError && error.kind === 'outcome_unknown') await this.backend.setIdempotencyKey(scope, key, 'unknown', null);
      else await this.backend.releaseIdempotencyKey(scope, key);
      throw error;
    } finally {
      clearInterval(renewal);
    }
    // Wrike took the write: it is answered as done now, without waiting for the store to record it. A store that
    // cannot record it (it stalls) must not hold the answer past the request's deadline, nor turn it into a failure,
    // nor release the key for a second write: the key stays pending, and a retry recovers the write once its lease
    // lapses (no longer renewed).
    void this.backend.setIdempotencyKey(scope, key, 'done', id).catch(() => undefined);
    return { id, replayed: false };
  }
}
