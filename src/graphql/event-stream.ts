import type { ChangeMessage, TicketEventType } from '../events/deliveries';
import type { GraphQLContext } from './context';
import { ancestorsOf, indexFolderTree, isCollectionFolder, spacesOfFolder } from '../unified/collection';
import { liveTask, loadAll } from './lookups';
import { folderVisible } from './scope';
import { userError } from './errors';

/**
 * A ticket event as resolvers see it: the message, and a context of its own (fresh loaders, deadline and call cap
 * for this one event: a subscription lives for hours, a request context for seconds).
 */
export interface TicketEventEnvelope {
  message: ChangeMessage;
  /**
   * The ticket left the connection's view: a connection limited to some spaces heard of it from one of its space
   * hooks, and it is no longer inside them (moved out). It is told as a deletion, and nothing more of it.
   */
  gone?: boolean;
  /** Built when a field needs Wrike (the ticket, the author), once per event: most events need none. */
  scope: () => Promise<GraphQLContext>;
}

export interface TicketEventFilter {
  ticketIds?: readonly string[] | null;
  collectionIds?: readonly string[] | null;
  workspaceIds?: readonly string[] | null;
  types?: readonly TicketEventType[] | null;
}

/**
 * The places a filter names must exist (and be inside the connection's spaces, which the loaders answer): a filter
 * naming an unknown workspace or collection would match nothing, silently, for the subscription's life. NOT_FOUND,
 * as for the timeLogs and tickets filters. Costs the spaces list and one batched folder read, once per subscription.
 */
export async function requireEventFilterPlaces(ctx: GraphQLContext, filter: TicketEventFilter): Promise<void> {
  const workspaceIds = filter.workspaceIds ?? [];
  const collectionIds = filter.collectionIds ?? [];
  const [spaces, folders] = await Promise.all([
    workspaceIds.length > 0 ? ctx.loaders.spaces() : [],
    collectionIds.length > 0 ? loadAll(ctx.loaders.folders, collectionIds) : [],
  ]);
  // Every unknown place at once, each named, as for a mutation's input.
  const unknown = [
    ...workspaceIds.flatMap((id, i) => (spaces.some((space) => space.id === id) ? [] : [{ field: ['filter', 'workspaceIds', String(i)], message: `No workspace '${id}'` }])),
    ...collectionIds.flatMap((id, k) => (folders[k] && isCollectionFolder(folders[k]!) ? [] : [{ field: ['filter', 'collectionIds', String(k)], message: `No collection '${id}'` }])),
  ];
  if (unknown.length === 0) return;
  throw userError('NOT_FOUND', unknown.map((problem) => problem.message).join('; '), {
    argumentName: unknown[0]!.field.slice(0, 2).join('.'), problems: unknown,
  });
}

/**
 * The events of one subscriber: its tenant's connection only, filtered, each with a fresh context. Events queue
 * while the subscriber is slow, up to 1,000 (then the oldest go: a subscriber that far behind catches up with
 * ticketChanges).
 */
export function ticketEventStream(
  ctx: GraphQLContext, filter: TicketEventFilter, freshScope: () => Promise<GraphQLContext>,
): AsyncIterableIterator<{ ticketEvents: TicketEventEnvelope }> {
  const queue: ChangeMessage[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  const unsubscribe = ctx.events.bus.subscribe((message) => {
    if (message.tenantId !== ctx.tenantId || message.connectionId !== ctx.connectionId) return;
    if (filter.types?.length && !filter.types.includes(message.type)) return;
    if (filter.ticketIds?.length && (!message.ticketId || !filter.ticketIds.includes(message.ticketId))) return;
    if (queue.length >= 1000) queue.shift();
    queue.push(message);
    wake?.();
  });
  const finish = () => {
    done = true;
    unsubscribe();
    wake?.();
  };
  const iterator: AsyncIterableIterator<{ ticketEvents: TicketEventEnvelope }> = {
    [Symbol.asyncIterator]: () => iterator,
    next: async () => {
      while (!done) {
        const message = queue.shift();
        if (message) {
          let built: Promise<GraphQLContext> | undefined;
          const scope = () => (built ??= freshScope());
          const place = await inPlace(scope, message, filter);
          if (place === 'in') return { done: false, value: { ticketEvents: { message, scope } } };
          if (place === 'gone') return { done: false, value: { ticketEvents: { message, scope, gone: true } } };
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      return { done: true, value: undefined };
    },
    return: async () => {
      finish();
      return { done: true, value: undefined };
    },
  };
  return iterator;
}

/**
 * Whether the connection is limited to some spaces now. The scope is the one the intake read when it took the event
 * (so a scope changed after the subscription started applies to the next event, and costs no read per subscriber);
 * a message without it (from a replica that predates it) reads the scope itself.
 */
async function limitedNow(scopeOf: () => Promise<GraphQLContext>, message: ChangeMessage): Promise<boolean> {
  if (message.workspaceIds !== undefined) return message.workspaceIds !== null;
  return (await scopeOf()).loaders.scope !== undefined;
}

/**
 * Whether an event's ticket is in the collections or workspaces asked for, and inside the connection's spaces when it
 * is limited to some (read now, through the loaders, which answer what lies outside as not found). A deletion is let
 * through when one of the connection's current (space) hooks sent it: the ticket is in the Recycle Bin, no longer in
 * a space, and Wrike sent it by a hook on a space of the scope.
 */
async function inPlace(scopeOf: () => Promise<GraphQLContext>, message: ChangeMessage, filter: TicketEventFilter): Promise<'in' | 'gone' | 'out'> {
  const collections = filter.collectionIds ?? [];
  const workspaces = filter.workspaceIds ?? [];
  const unfiltered = collections.length === 0 && workspaces.length === 0;
  const limited = await limitedNow(scopeOf, message);
  if (!limited && unfiltered) return 'in';
  if (limited && message.type === 'DELETED' && message.sentByCurrentHook !== false && unfiltered) return 'in';
  const scope = await scopeOf();
  if (!message.ticketId) return limited && message.folderId !== null && unfiltered && (await folderVisible(scope, message.folderId)) ? 'in' : 'out';
  let failed = false;
  const task = liveTask(await scope.loaders.tasks.load(message.ticketId).catch(() => {
    failed = true;
    return null;
  }));
  // Sent by one of the connection's space hooks (so it was inside then), and not inside now (the scoped loader answers
  // what lies outside, or in the Recycle Bin, as not found): gone from this connection. A failed read is not that.
  if (!task) return limited && unfiltered && message.sentByCurrentHook === true && !failed && message.type !== 'DELETED' ? 'gone' : 'out';
  if (unfiltered) return 'in';
  const index = indexFolderTree(await scope.loaders.folderTree());
  const folders = new Set((task.parentIds ?? []).flatMap((id) => [id, ...ancestorsOf(index, id)]));
  if (collections.some((id) => folders.has(id))) return 'in';
  // Every space the ticket is in counts, as in the scope check (a folder may be shared into several spaces).
  const spaces = new Set((task.parentIds ?? []).flatMap((folder) => spacesOfFolder(index, folder)));
  return workspaces.some((id) => spaces.has(id)) ? 'in' : 'out';
}
