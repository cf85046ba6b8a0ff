import { WrikeError } from '../wrike/errors';

/**
 * Idempotent creates: a key used again on the same connection within the window returns the first result and
 * writes nothing; concurrent duplicates share one write. When a write's outcome is unknown (sent, no answer), the
 * key stays reserved and the next attempt first asks Wrike whether the first one landed (`recover`).
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

interface Entry {
  fingerprint: string;
  expiresAt: number;
  state: { kind: 'pending'; promise: Promise<string> } | { kind: 'done'; id: string } | { kind: 'unknown'; since: number };
}

export interface WriteAttempt {
  /** Makes the write; returns the new entity's id. */
  write: (startedAt: number) => Promise<string>;
  /** After an unknown outcome: the id of what the earlier attempt created, if Wrike shows it did. */
  recover: (since: number) => Promise<string | undefined>;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly windowMs = 24 * 3_600_000,
    private readonly now: () => number = Date.now,
  ) {}

  async run(scope: string, key: string, fingerprint: string, attempt: WriteAttempt): Promise<IdempotencyOutcome> {
    this.sweep();
    const id = `${scope}\n${key}`;
    const entry = this.entries.get(id);
    if (entry && entry.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
    if (entry?.state.kind === 'done') return { id: entry.state.id, replayed: true };
    if (entry?.state.kind === 'pending') return { id: await entry.state.promise, replayed: true };
    if (entry?.state.kind === 'unknown') {
      const found = await attempt.recover(entry.state.since);
      if (found) {
        entry.state = { kind: 'done', id: found };
        return { id: found, replayed: true };
      }
    }
    const startedAt = entry?.state.kind === 'unknown' ? entry.state.since : this.now();
    const promise = attempt.write(startedAt);
    const fresh: Entry = { fingerprint, expiresAt: this.now() + this.windowMs, state: { kind: 'pending', promise } };
    this.entries.set(id, fresh);
    try {
      const created = await promise;
      fresh.state = { kind: 'done', id: created };
      return { id: created, replayed: false };
    } catch (error) {
      if (error instanceof WrikeError && error.kind === 'outcome_unknown') fresh.state = { kind: 'unknown', since: startedAt };
      else this.entries.delete(id);
      throw error;
    }
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt < now && entry.state.kind !== 'pending') this.entries.delete(id);
  }
}
