import { createHash, randomUUID } from 'node:crypto';
import { WrikeError } from '../../wrike/errors';
import { isWrikeId } from '../../wrike/ids';
import type { GraphQLContext } from '../context';
import { userError } from '../errors';
import { IdempotencyKeyReused } from '../../writes/idempotency';
import type { UserError } from '../__generated__/resolvers-types';
import { isCalendarDate } from '../../unified/dates';
import { allVisible, type ScopedKind } from '../scope';

/** What a write names, as the scope check knows it. */
const SCOPED_KIND: Record<'ticket' | 'collection' | 'comment' | 'timeLog', ScopedKind> = {
  ticket: 'task', collection: 'folder', comment: 'comment', timeLog: 'timelog',
};

/** Collects the problems of a mutation's input; any problem means nothing is written. */
export class Problems {
  readonly list: UserError[] = [];

  add(...errors: UserError[]): void {
    this.list.push(...errors);
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  id(value: string | null | undefined, field: string[]): void {
    if (value !== undefined && value !== null && !isWrikeId(value)) this.add({ field, message: 'Not a valid Wrike id', code: 'INVALID_ID' });
  }

  ids(values: readonly string[] | null | undefined, field: string[]): void {
    (values ?? []).forEach((value, i) => this.id(value, [...field, String(i)]));
  }

  text(value: string | null | undefined, field: string[], options: { required?: boolean; max: number }): void {
    if (value === undefined || value === null) {
      if (options.required) this.add({ field, message: 'Required', code: 'REQUIRED' });
      return;
    }
    if (options.required && value.trim().length === 0) this.add({ field, message: 'Must not be empty', code: 'REQUIRED' });
    else if (value.length > options.max) this.add({ field, message: `Must be at most ${options.max} characters`, code: 'TOO_LARGE' });
  }

  /**
   * On a connection limited to some spaces, what the input names must lie inside them: outside is NOT_FOUND, as an
   * unknown id (nothing is told of what exists elsewhere). Free on unscoped connections.
   */
  async inScope(
    ctx: GraphQLContext,
    checks: { kind: 'ticket' | 'collection' | 'comment' | 'timeLog'; ids: readonly (string | null | undefined)[]; field: string[]; indexed?: boolean }[],
  ): Promise<void> {
    if (!ctx.loaders.scope) return;
    // A list's problems name the item (its index), as every other check of a list does.
    const named = checks.flatMap((check) => check.ids.flatMap((id, i) => (id && isWrikeId(id)
      ? [{ kind: check.kind, id, field: check.indexed ? [...check.field, String(i)] : check.field }] : [])));
    const answers = await Promise.all(named.map((check) => allVisible(ctx, SCOPED_KIND[check.kind], [check.id])));
    named.forEach((check, k) => {
      if (!answers[k]) this.add({ field: check.field, message: `No ${check.kind === 'timeLog' ? 'time log' : check.kind} '${check.id}'`, code: 'NOT_FOUND' });
    });
  }

  /** Users (assignees, owners, USER field values) must exist and be active people. */
  async users(ctx: GraphQLContext, groups: { ids: readonly string[]; field: string[]; indexed?: boolean }[]): Promise<void> {
    const wanted = [...new Set(groups.flatMap((g) => g.ids).filter(isWrikeId))];
    if (wanted.length === 0) return;
    const contacts = await ctx.loaders.contacts.loadMany(wanted);
    const active = new Set(contacts.flatMap((c) => (c && !(c instanceof Error) && c.type === 'Person' && !c.deleted ? [c.id] : [])));
    for (const group of groups) {
      group.ids.forEach((id, i) => {
        const field = group.indexed ? [...group.field, String(i)] : group.field;
        if (isWrikeId(id) && !active.has(id)) this.add({ field, message: `No active user '${id}'`, code: 'NOT_FOUND' });
      });
    }
  }
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The caller's key (checked), or a fresh one so that an unknown outcome can still be retried safely. */
export function idempotencyKeyOf(key: string | null | undefined, problems: Problems): string {
  if (key === undefined || key === null) return randomUUID();
  if (!IDEMPOTENCY_KEY.test(key)) problems.add({ field: ['input', 'idempotencyKey'], message: 'Use 1 to 200 printable ASCII characters, no spaces', code: 'INVALID_VALUE' });
  return key;
}

/** The input's identity, to tell a retry from a different request that reuses a key. */
export function fingerprint(input: object): string {
  const { idempotencyKey: _key, ...rest } = input as Record<string, unknown>;
  return createHash('sha256').update(JSON.stringify(rest)).digest('base64url');
}

/**
 * Turns what went wrong during a write into the payload's userErrors (Wrike refused the input) or a typed GraphQL
 * error (outcome unknown, upstream down, rate limited...).
 */
export function refusal(error: unknown, idempotencyKey?: string): UserError[] {
  if (error instanceof IdempotencyKeyReused) {
    return [{ field: ['input', 'idempotencyKey'], message: error.message, code: 'IDEMPOTENCY_KEY_REUSED' }];
  }
  if (error instanceof WrikeError) {
    if (error.kind === 'outcome_unknown') {
      throw userError('WRITE_OUTCOME_UNKNOWN', `${error.message}. Retry with the same idempotencyKey to be safe.`, { idempotencyKey });
    }
    if (error.kind === 'not_found') return [{ field: ['input'], message: `Wrike: ${error.message}`, code: 'NOT_FOUND' }];
    if (error.kind === 'bad_request' || error.kind === 'forbidden') return [{ field: ['input'], message: `Wrike refused the change: ${error.message}`, code: 'WRIKE_REFUSED' }];
  }
  throw error;
}

const LOCAL_DATE = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2})?)?$/;

/** Ticket dates: yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss, no zone (Wrike refuses a Z on task dates). */
export function checkLocalDate(value: string | null | undefined, field: string[], problems: Problems): void {
  if (value === undefined || value === null) return;
  const match = LOCAL_DATE.exec(value);
  const day = match?.[1];
  if (!day || !isCalendarDate(day)) {
    problems.add({ field, message: 'Use yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss, without a time zone', code: 'INVALID_VALUE' });
  }
}
