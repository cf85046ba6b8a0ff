import type { CreateTimeLogInput, DeleteInput, UpdateTimeLogInput, UserError } from '../__generated__/resolvers-types';
import * as wrike from '../../wrike/endpoints';
import type { WrikeTimelog } from '../../wrike/types';
import type { GraphQLContext } from '../context';
import { isWrikeId } from '../../wrike/ids';
import { Problems, fingerprint, idempotencyKeyOf, refusal } from './problems';
import { deleteEntity } from './delete';
import { madeSince } from '../../writes/idempotency';
import { isCalendarDate } from '../../unified/dates';
import { MAX_TIMELOG_MINUTES, billingTypeFor, hoursFor, minutesOf } from '../../unified/timelog';

const MAX_COMMENT = 2000;
const EARLIEST_DAY = '2000-01-01';
const DAY_MS = 86_400_000;

/** Minutes: whole, over 0, at most a day. */
function checkMinutes(minutes: number | null | undefined, problems: Problems): void {
  if (minutes === undefined || minutes === null) return;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_TIMELOG_MINUTES) {
    problems.add({ field: ['input', 'minutes'], message: `Must be a whole number from 1 to ${MAX_TIMELOG_MINUTES} (a day)`, code: 'INVALID_VALUE' });
  }
}

/** A tracked day: a calendar day from 2000-01-01 to a year from now. */
function checkTrackedDate(day: string | null | undefined, problems: Problems, now = Date.now()): void {
  if (day === undefined || day === null) return;
  const latest = new Date(now + 366 * DAY_MS).toISOString().slice(0, 10);
  if (!isCalendarDate(day)) problems.add({ field: ['input', 'trackedDate'], message: 'Use a calendar day yyyy-MM-dd', code: 'INVALID_VALUE' });
  else if (day < EARLIEST_DAY || day > latest) problems.add({ field: ['input', 'trackedDate'], message: `Must be from ${EARLIEST_DAY} to ${latest}`, code: 'INVALID_VALUE' });
}

/** The category must be one the account lists and does not hide (Wrike refuses others). */
async function checkCategory(ctx: GraphQLContext, categoryId: string | null | undefined, problems: Problems): Promise<void> {
  if (categoryId === undefined || categoryId === null) return;
  if (!isWrikeId(categoryId)) return problems.id(categoryId, ['input', 'categoryId']);
  const category = (await ctx.loaders.timelogCategories()).find((c) => c.id === categoryId);
  if (!category || category.hidden) problems.add({ field: ['input', 'categoryId'], message: `No visible time-log category '${categoryId}'`, code: 'NOT_FOUND' });
}

function forget(ctx: GraphQLContext, log: Pick<WrikeTimelog, 'id'>): void {
  ctx.loaders.timelogs.clear(log.id);
  // Any list may hold it: they are read again on the next use in this request.
  ctx.loaders.timelogLists.clearAll();
}

export async function createTimeLog(ctx: GraphQLContext, input: CreateTimeLogInput): Promise<{ timeLog: WrikeTimelog | null; userErrors: UserError[] }> {
  const problems = new Problems();
  problems.id(input.ticketId, ['input', 'ticketId']);
  if (input.minutes === null || input.minutes === undefined) problems.add({ field: ['input', 'minutes'], message: 'Required', code: 'REQUIRED' });
  checkMinutes(input.minutes, problems);
  checkTrackedDate(input.trackedDate, problems);
  problems.text(input.comment, ['input', 'comment'], { max: MAX_COMMENT });
  const key = idempotencyKeyOf(input.idempotencyKey, problems);
  // The checks against Wrike run after local problems too (they skip malformed ids): one answer names them all.
  await problems.inScope(ctx, [{ kind: 'ticket', ids: [input.ticketId], field: ['input', 'ticketId'] }]);
  await checkCategory(ctx, input.categoryId, problems);
  if (problems.any) return { timeLog: null, userErrors: problems.list };
  const hours = hoursFor(input.minutes);
  let created: WrikeTimelog | undefined;
  try {
    const outcome = await ctx.idempotency.run(`${ctx.connectionId}:createTimeLog`, key, fingerprint(input), {
      write: async () => {
        created = await wrike.createTimelog(ctx.wrike, input.ticketId, {
          hours, trackedDate: input.trackedDate, comment: input.comment ?? '',
          ...(input.categoryId ? { categoryId: input.categoryId } : {}),
          ...(input.billable !== undefined && input.billable !== null ? { billingType: billingTypeFor(input.billable) } : {}),
        });
        return created.id;
      },
      // Time logs carry no metadata: an earlier attempt landed if the ticket has a log by this user, that day, of
      // these minutes and this comment, made since then.
      recover: async (since) => {
        const [me, logs] = await Promise.all([wrike.getMe(ctx.wrike), wrike.listTimelogs(ctx.wrike, { kind: 'task', id: input.ticketId }, { trackedDate: { start: input.trackedDate, end: input.trackedDate } })]);
        return logs.find((log) => log.userId === me?.id && minutesOf(log.hours) === input.minutes && (log.comment ?? '') === (input.comment ?? '')
          && madeSince(log.createdDate, since))?.id;
      },
    }, { deadline: ctx.deadline });
    const timeLog = created ?? (await ctx.loaders.timelogs.load(outcome.id));
    if (timeLog) {
      forget(ctx, timeLog);
      ctx.loaders.timelogs.prime(timeLog.id, timeLog);
    }
    return { timeLog, userErrors: [] };
  } catch (error) {
    return { timeLog: null, userErrors: refusal(error, key) };
  }
}

export async function updateTimeLog(ctx: GraphQLContext, input: UpdateTimeLogInput): Promise<{ timeLog: WrikeTimelog | null; userErrors: UserError[] }> {
  const problems = new Problems();
  problems.id(input.id, ['input', 'id']);
  checkMinutes(input.minutes, problems);
  checkTrackedDate(input.trackedDate, problems);
  problems.text(input.comment, ['input', 'comment'], { max: MAX_COMMENT });
  await problems.inScope(ctx, [{ kind: 'timeLog', ids: [input.id], field: ['input', 'id'] }]);
  await checkCategory(ctx, input.categoryId, problems);
  if (problems.any) return { timeLog: null, userErrors: problems.list };
  try {
    const timeLog = await wrike.updateTimelog(ctx.wrike, input.id, {
      ...(input.minutes ? { hours: hoursFor(input.minutes) } : {}),
      ...(input.trackedDate ? { trackedDate: input.trackedDate } : {}),
      ...(input.comment !== undefined && input.comment !== null ? { comment: input.comment } : {}),
      ...(input.categoryId !== undefined ? { categoryId: input.categoryId } : {}),
      ...(input.billable !== undefined && input.billable !== null ? { billingType: billingTypeFor(input.billable) } : {}),
    });
    forget(ctx, timeLog);
    ctx.loaders.timelogs.prime(timeLog.id, timeLog);
    return { timeLog, userErrors: [] };
  } catch (error) {
    return { timeLog: null, userErrors: refusal(error) };
  }
}

export function deleteTimeLog(ctx: GraphQLContext, input: DeleteInput) {
  return deleteEntity(input, {
    what: 'time log',
    load: (id) => ctx.loaders.timelogs.load(id),
    remove: (id) => wrike.deleteTimelog(ctx.wrike, id),
    invalidate: (before) => forget(ctx, before),
  });
}
