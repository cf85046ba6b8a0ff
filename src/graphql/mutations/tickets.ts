import { wrikeTaskDates } from '../../unified/dates';
import type { CreateTicketInput, DeleteInput, UpdateTicketInput, UserError } from '../__generated__/resolvers-types';
import * as wrike from '../../wrike/endpoints';
import { encodeFieldInputs } from '../../unified/field-input';
import { importanceOf, workflowStatuses } from '../../unified/ticket';
import type { WrikeTask } from '../../wrike/types';
import type { GraphQLContext } from '../context';
import { fieldDefinitions } from '../lookups';
import { fullTicket, type TicketSource } from '../ticket-source';
import { isWrikeId } from '../../wrike/ids';
import { Problems, checkLocalDate, fingerprint, idempotencyKeyOf, refusal } from './problems';
import { deleteEntity } from './delete';

export interface TicketPayloadModel {
  ticket: TicketSource | null;
  userErrors: UserError[];
}

/**
 * Reads that check a ticket write's custom fields, users and status, in one round where the data allows: the field
 * definitions, the workflows and the named users at once; then the users named in USER field values.
 */
async function checkAgainstAccount(
  ctx: GraphQLContext, problems: Problems,
  input: { customFields?: CreateTicketInput['customFields']; statusId?: string | null; users: { ids: readonly string[]; field: string[]; indexed?: boolean }[] },
) {
  const [definitions, statuses] = await Promise.all([
    input.customFields?.length ? fieldDefinitions(ctx.loaders) : new Map(),
    input.statusId ? ctx.loaders.workflows().then(workflowStatuses) : [],
    problems.users(ctx, input.users),
  ]);
  const encoded = encodeFieldInputs(input.customFields, definitions, ['input', 'customFields']);
  problems.add(...encoded.errors);
  await problems.users(ctx, encoded.userIds);
  if (input.statusId && isWrikeId(input.statusId) && !statuses.some((s) => s.id === input.statusId)) {
    problems.add({ field: ['input', 'statusId'], message: `No ticket status '${input.statusId}'`, code: 'NOT_FOUND' });
  }
  return encoded.values;
}

/** Keeps the request's loaders true to Wrike after a write: the ticket and the tickets whose sub-task lists moved. */
function refreshTask(ctx: GraphQLContext, task: WrikeTask, touched: readonly string[] = []): void {
  ctx.loaders.tasks.clear(task.id).prime(task.id, task);
  for (const id of touched) ctx.loaders.tasks.clear(id);
}

export async function createTicket(ctx: GraphQLContext, input: CreateTicketInput): Promise<TicketPayloadModel> {
  const problems = new Problems();
  problems.id(input.collectionId, ['input', 'collectionId']);
  problems.id(input.statusId, ['input', 'statusId']);
  problems.ids(input.assigneeIds, ['input', 'assigneeIds']);
  problems.ids(input.parentTicketIds, ['input', 'parentTicketIds']);
  problems.text(input.title, ['input', 'title'], { required: true, max: 1000 });
  checkLocalDate(input.startDate, ['input', 'startDate'], problems);
  checkLocalDate(input.dueDate, ['input', 'dueDate'], problems);
  const key = idempotencyKeyOf(input.idempotencyKey, problems);
  // The checks against Wrike run even after a local problem (they skip malformed ids), so that one answer names
  // every problem; nothing is written while there is any.
  await problems.inScope(ctx, [
    { kind: 'collection', ids: [input.collectionId], field: ['input', 'collectionId'] },
    { kind: 'ticket', ids: input.parentTicketIds ?? [], field: ['input', 'parentTicketIds'], indexed: true },
  ]);
  const customFields = await checkAgainstAccount(ctx, problems, {
    customFields: input.customFields, statusId: input.statusId, users: [{ ids: input.assigneeIds ?? [], field: ['input', 'assigneeIds'], indexed: true }],
  });
  if (problems.any) return { ticket: null, userErrors: problems.list };

  let created: WrikeTask | undefined;
  try {
    const outcome = await ctx.idempotency.run(`${ctx.connectionId}:createTicket`, key, fingerprint(input), {
      write: async () => {
        created = await wrike.createTask(ctx.wrike, input.collectionId, {
          title: input.title,
          description: input.description ?? undefined,
          importance: input.priority ? importanceOf(input.priority) : undefined,
          customStatus: input.statusId ?? undefined,
          dates: input.startDate || input.dueDate ? wrikeTaskDates(input.startDate ?? undefined, input.dueDate ?? undefined) : undefined,
          responsibles: input.assigneeIds?.length ? input.assigneeIds : undefined,
          superTasks: input.parentTicketIds?.length ? input.parentTicketIds : undefined,
          customFields: customFields.length ? customFields : undefined,
          metadata: [{ key: wrike.IDEMPOTENCY_METADATA_KEY, value: key }],
        });
        return created.id;
      },
      recover: async () => (await wrike.findTasksByMetadata(ctx.wrike, wrike.IDEMPOTENCY_METADATA_KEY, key))[0]?.id,
    }, { deadline: ctx.deadline });
    const task = created ?? (await ctx.loaders.tasks.load(outcome.id));
    if (!task) return { ticket: null, userErrors: [{ field: ['input'], message: 'The ticket created earlier with this key no longer exists', code: 'NOT_FOUND' }] };
    refreshTask(ctx, task, input.parentTicketIds ?? []);
    return { ticket: fullTicket(task), userErrors: [] };
  } catch (error) {
    return { ticket: null, userErrors: refusal(error, key) };
  }
}

/** New task dates from the current ones and the input (undefined keeps, null clears). */
function mergeDates(current: WrikeTask['dates'], start: string | null | undefined, due: string | null | undefined): wrike.TaskWrite['dates'] {
  if (start === undefined && due === undefined) return undefined;
  const nextStart = start === undefined ? current?.start : (start ?? undefined);
  const nextDue = due === undefined ? current?.due : (due ?? undefined);
  return wrikeTaskDates(nextStart, nextDue);
}

export async function updateTicket(ctx: GraphQLContext, input: UpdateTicketInput): Promise<TicketPayloadModel> {
  const problems = new Problems();
  problems.id(input.id, ['input', 'id']);
  problems.id(input.statusId, ['input', 'statusId']);
  for (const name of ['addAssigneeIds', 'removeAssigneeIds', 'addCollectionIds', 'removeCollectionIds', 'addParentTicketIds', 'removeParentTicketIds'] as const) {
    problems.ids(input[name], ['input', name]);
  }
  if (input.title !== undefined) problems.text(input.title, ['input', 'title'], { required: true, max: 1000 });
  checkLocalDate(input.startDate, ['input', 'startDate'], problems);
  checkLocalDate(input.dueDate, ['input', 'dueDate'], problems);
  // As for a create: the checks against Wrike run after local problems too, and one answer names them all.
  const current = isWrikeId(input.id) ? await ctx.loaders.tasks.load(input.id) : null;
  if (isWrikeId(input.id) && !current) problems.add({ field: ['input', 'id'], message: 'No such ticket', code: 'NOT_FOUND' });
  await problems.inScope(ctx, [
    { kind: 'collection', ids: input.addCollectionIds ?? [], field: ['input', 'addCollectionIds'], indexed: true },
    { kind: 'collection', ids: input.removeCollectionIds ?? [], field: ['input', 'removeCollectionIds'], indexed: true },
    { kind: 'ticket', ids: input.addParentTicketIds ?? [], field: ['input', 'addParentTicketIds'], indexed: true },
    { kind: 'ticket', ids: input.removeParentTicketIds ?? [], field: ['input', 'removeParentTicketIds'], indexed: true },
  ]);
  const customFields = await checkAgainstAccount(ctx, problems, {
    customFields: input.customFields, statusId: input.statusId, users: [{ ids: input.addAssigneeIds ?? [], field: ['input', 'addAssigneeIds'], indexed: true }],
  });
  if (problems.any || !current) return { ticket: null, userErrors: problems.list };
  const nonEmpty = (ids: readonly string[] | null | undefined) => (ids?.length ? [...ids] : undefined);
  try {
    const task = await wrike.updateTask(ctx.wrike, input.id, {
      title: input.title ?? undefined,
      description: input.description ?? undefined,
      importance: input.priority ? importanceOf(input.priority) : undefined,
      customStatus: input.statusId ?? undefined,
      dates: mergeDates(current.dates, input.startDate, input.dueDate),
      addResponsibles: nonEmpty(input.addAssigneeIds),
      removeResponsibles: nonEmpty(input.removeAssigneeIds),
      addParents: nonEmpty(input.addCollectionIds),
      removeParents: nonEmpty(input.removeCollectionIds),
      addSuperTasks: nonEmpty(input.addParentTicketIds),
      removeSuperTasks: nonEmpty(input.removeParentTicketIds),
      customFields: customFields.length ? customFields : undefined,
    });
    refreshTask(ctx, task, [...(input.addParentTicketIds ?? []), ...(input.removeParentTicketIds ?? [])]);
    return { ticket: fullTicket(task), userErrors: [] };
  } catch (error) {
    return { ticket: null, userErrors: refusal(error) };
  }
}

export function deleteTicket(ctx: GraphQLContext, input: DeleteInput) {
  return deleteEntity(input, {
    what: 'ticket',
    // A ticket already in the Recycle Bin counts as deleted.
    load: async (id) => {
      const task = await ctx.loaders.tasks.load(id);
      return task && task.scope !== 'RbTask' ? task : null;
    },
    remove: (id, before) => wrike.deleteTask(ctx.wrike, id, before),
    invalidate: (before) => {
      ctx.loaders.tasks.clear(before.id);
      for (const id of before.superTaskIds ?? []) ctx.loaders.tasks.clear(id);
    },
  });
}
