import type { ChangeMessage, TicketEventType } from '../events/deliveries';
import type { GraphQLContext } from './context';
import { ancestorsOf, indexFolderTree, spaceOfFolder } from '../unified/collection';
import { liveTask } from './lookups';
import { folderVisible } from './scope';

/**
 * A ticket event as resolvers see it: the message, and a context of its own (fresh loaders, deadline and call cap
 * for this one event: a subscription lives for hours, a request context for seconds).
 */
export interface TicketEventEnvelope {
  message: ChangeMessage;
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
 * The events of one subscriber: its tenant's connection only, filtered, each with a fresh context. Events queue
 * while the subscriber is slow, up to 1,000 (then the oldest go: a subscriber that far behind catches up with
 * ticketChanges).
 */
export function ticketEventStream(
  ctx: GraphQLContext, filter: TicketEventFilter, freshScope: () => Promise<GraphQLContext>,
): AsyncIterableIterator<{ ticketEvents: TicketEventEnvelope }> {
  const queue: ChangeMessage[] = [];
  // A connection limited to some spaces (when the subscription starts): each event is checked against the scope
  // as it is when the event comes.
  const limited = ctx.connectionId !== '' && ctx.loaders.scope !== undefined;
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
          if (await inPlace(scope, message, filter, limited)) return { done: false, value: { ticketEvents: { message, scope } } };
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
 * Whether an event's ticket is in the collections or workspaces asked for, and inside the connection's spaces when it
 * is limited to some (read now, through the loaders, which answer what lies outside as not found). A deletion is let
 * through: the ticket is in the Recycle Bin, no longer in a space, and the scoped hooks Wrike sent it by are.
 */
async function inPlace(scopeOf: () => Promise<GraphQLContext>, message: ChangeMessage, filter: TicketEventFilter, limited: boolean): Promise<boolean> {
  const collections = filter.collectionIds ?? [];
  const workspaces = filter.workspaceIds ?? [];
  if (!limited && collections.length === 0 && workspaces.length === 0) return true;
  if (limited && message.type === 'DELETED' && collections.length === 0 && workspaces.length === 0) return true;
  const scope = await scopeOf();
  if (!message.ticketId) return limited && message.folderId !== null && collections.length === 0 && workspaces.length === 0 ? folderVisible(scope, message.folderId) : false;
  const task = liveTask(await scope.loaders.tasks.load(message.ticketId).catch(() => null));
  if (!task) return false;
  if (collections.length === 0 && workspaces.length === 0) return true;
  const index = indexFolderTree(await scope.loaders.folderTree());
  const folders = new Set((task.parentIds ?? []).flatMap((id) => [id, ...ancestorsOf(index, id)]));
  if (collections.some((id) => folders.has(id))) return true;
  return workspaces.some((id) => (task.parentIds ?? []).some((folder) => spaceOfFolder(index, folder) === id));
}
