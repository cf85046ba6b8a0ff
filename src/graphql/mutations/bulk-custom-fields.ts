import type { UpdateTicketsCustomFieldsInput, UserError } from '../__generated__/resolvers-types';
import * as wrike from '../../wrike/endpoints';
import { WrikeError, type WrikeErrorKind } from '../../wrike/errors';
import { isWrikeId } from '../../wrike/ids';
import { encodeFieldInputs } from '../../unified/field-input';
import type { WrikeTask } from '../../wrike/types';
import type { GraphQLContext } from '../context';
import { fieldDefinitions, liveTask } from '../lookups';
import { fullTicket, type TicketSource } from '../ticket-source';
import { Problems } from './problems';
import { errorCodeOf } from '../errors';

/** Wrike's `PUT /tasks/{ids}` takes up to 100 ids. */
export const TICKETS_PER_CALL = 100;
/** Most tickets one bulk write takes: 10 calls, well inside MAX_QUERY_CALLS with the reads that check them. */
export const MAX_BULK_TICKETS = 1000;

export interface TicketsPayloadModel {
  tickets: TicketSource[];
  userErrors: UserError[];
}

/** A failed batch's answer for each of its tickets; failures that concern the whole request are thrown instead. */
const BATCH_FAILURE: Partial<Record<WrikeErrorKind, string>> = {
  bad_request: 'WRIKE_REFUSED', forbidden: 'WRIKE_REFUSED', not_found: 'NOT_FOUND',
  outcome_unknown: 'WRITE_OUTCOME_UNKNOWN', rate_limited: 'RATE_LIMITED', unavailable: 'UPSTREAM_UNAVAILABLE',
};

/** The ticket ids: well formed, each once, 1 to MAX_BULK_TICKETS of them. */
function checkTicketIds(ids: readonly string[], problems: Problems): void {
  if (ids.length === 0) problems.add({ field: ['input', 'ticketIds'], message: 'Name at least one ticket', code: 'REQUIRED' });
  if (ids.length > MAX_BULK_TICKETS) problems.add({ field: ['input', 'ticketIds'], message: `At most ${MAX_BULK_TICKETS} tickets`, code: 'TOO_LARGE' });
  problems.ids(ids, ['input', 'ticketIds']);
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) problems.add({ field: ['input', 'ticketIds', String(i)], message: `'${id}' is named twice`, code: 'INVALID_VALUE' });
    seen.add(id);
  });
}

/**
 * The tickets must exist (not in the Recycle Bin) and lie inside the connection's scope (the tasks loader answers
 * outside ones as not found): read 100 a call, as any by-id read.
 */
async function checkTicketsExist(ctx: GraphQLContext, ids: readonly string[], problems: Problems): Promise<void> {
  const wanted = ids.filter(isWrikeId);
  const tasks = await ctx.loaders.tasks.loadMany(wanted);
  const found = new Set<string>();
  tasks.forEach((task) => {
    if (task instanceof Error) throw task;
    const live = liveTask(task);
    if (live) found.add(live.id);
  });
  ids.forEach((id, i) => {
    if (isWrikeId(id) && !found.has(id)) problems.add({ field: ['input', 'ticketIds', String(i)], message: `No ticket '${id}'`, code: 'NOT_FOUND' });
  });
}

/**
 * Sets the same custom-field values on many tickets. Everything is checked before any call, every problem in one
 * answer; then one `PUT /tasks/{ids}` per 100 tickets. Setting values is idempotent, so no idempotency key: a retry
 * after an unknown outcome writes the same values again.
 */
export async function updateTicketsCustomFields(ctx: GraphQLContext, input: UpdateTicketsCustomFieldsInput): Promise<TicketsPayloadModel> {
  const problems = new Problems();
  const ids = input.ticketIds;
  checkTicketIds(ids, problems);
  if (input.customFields.length === 0) problems.add({ field: ['input', 'customFields'], message: 'Give at least one value', code: 'REQUIRED' });
  // Past a size that could not be written anyway, reading the tickets would only spend calls.
  const [definitions] = await Promise.all([
    input.customFields.length ? fieldDefinitions(ctx.loaders) : new Map(),
    ids.length <= MAX_BULK_TICKETS ? checkTicketsExist(ctx, ids, problems) : undefined,
  ]);
  const encoded = encodeFieldInputs(input.customFields, definitions, ['input', 'customFields']);
  problems.add(...encoded.errors);
  await problems.users(ctx, encoded.userIds);
  if (problems.any) return { tickets: [], userErrors: problems.list };

  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += TICKETS_PER_CALL) batches.push(ids.slice(i, i + TICKETS_PER_CALL));
  const outcomes = await Promise.allSettled(batches.map((batch) => wrike.updateTasksCustomFields(ctx.wrike, batch, encoded.values)));
  const written = new Map<string, WrikeTask>();
  const userErrors: UserError[] = [];
  outcomes.forEach((outcome, b) => {
    const first = b * TICKETS_PER_CALL;
    if (outcome.status === 'fulfilled') {
      for (const task of outcome.value) written.set(task.id, task);
      return;
    }
    const error: unknown = outcome.reason;
    const mapped = error instanceof WrikeError ? BATCH_FAILURE[error.kind] : undefined;
    // Once a batch is written, every other batch's failure is told per ticket (so the written ones are answered
    // too); only when nothing was written does an unexpected failure fail the whole mutation.
    if (!mapped && !outcomes.some((o) => o.status === 'fulfilled')) throw error;
    const code = mapped ?? (errorCodeOf(error) === 'INTERNAL_SERVER_ERROR' ? 'WRITE_FAILED' : errorCodeOf(error));
    const batch = batches[b]!;
    const reason = error instanceof Error && errorCodeOf(error) !== 'INTERNAL_SERVER_ERROR' ? error.message : 'an internal error';
    const what = `the batch of tickets ${first} to ${first + batch.length - 1} was not written: ${reason}`;
    const advice = code === 'WRITE_OUTCOME_UNKNOWN' ? ' (it may have been; setting the same values again is safe)'
      : code === 'RATE_LIMITED' || code === 'UPSTREAM_UNAVAILABLE' ? ' (setting the same values again is safe)' : '';
    batch.forEach((_id, k) => userErrors.push({ field: ['input', 'ticketIds', String(first + k)], message: `Wrike: ${what}${advice}`, code }));
  });
  // The request's loaders follow Wrike (the shared cache dropped these tickets with the write).
  for (const [id, task] of written) ctx.loaders.tasks.clear(id).prime(id, task);
  return { tickets: ids.flatMap((id) => (written.has(id) ? [fullTicket(written.get(id)!)] : [])), userErrors };
}
