/**
 * What each field costs in Wrike calls, knowing how the loaders batch. A field's rule says, for `count` parent
 * objects: the by-id loads it adds (batched: 100 ids a call, per round), the per-parent calls it makes (lists Wrike
 * has no multi-id endpoint for), the once-per-request lists it reads (workflows, custom fields, ...), and how many
 * child objects its selection runs on. Fields without a rule cost nothing.
 */
import { MAX_BULK_TICKETS, TICKETS_PER_CALL } from './mutations/bulk-custom-fields';
import { COMMENT_FEED_MAX_CALLS, COMMENT_FEED_TASK_LOOKUPS } from './comment-changes';

export type Loader = 'tasks' | 'folders' | 'contacts' | 'comments' | 'attachments' | 'dependencies' | 'timelogs';
export type Memo = 'workflows' | 'customFields' | 'folderTree' | 'spaces' | 'people' | 'groups' | 'accessRoles' | 'timelogCategories';

export interface FieldArgs {
  first: number;
  maxDepth: number;
  /** Two of three priorities: Wrike cannot filter them, the list scans (bounded). */
  scans: boolean;
  /** The selection asks for `totalCount`. */
  counts: boolean;
  /** How many `filter.ticketIds` it names (0 without). */
  ticketIds: number;
  /** A mutation's `input` (variables resolved; empty when there is none). */
  input: Record<string, unknown>;
}

export interface FieldCost {
  /** By-id loads, each at a level below the field (0: the field's own round). */
  byId?: { loader: Loader; ids: number; level?: number }[];
  calls?: number;
  memos?: Memo[];
  /** Objects the field's selection runs on (default: count). */
  children?: number;
}

export type CostRule = (count: number, args: FieldArgs) => FieldCost;

/**
 * Where the data decides, the estimate assumes typical shapes: a ticket's sub-tasks, a folder's children and a
 * descendant level are at most ASSUMED_FANOUT wide, ancestors ANCESTOR_LEVELS deep. Pricing every nested id list at
 * its full `first` would refuse ordinary queries (three nested `subtasks(first: 50)` would "cost" 1,277 calls and
 * take 4); the request's hard call cap (MAX_QUERY_CALLS, enforced as calls are made) bounds the unusual ones.
 */
export const ASSUMED_FANOUT = 10;
export const ANCESTOR_LEVELS = 5;
const SCAN_PAGES = 5;

const fanout = (first: number) => Math.min(first, ASSUMED_FANOUT);

const byId = (loader: Loader, ids: number, level = 0) => ({ loader, ids, level });

/** A Wrike task query page, its counts (one per importance when scanning) and its bounded scan. */
const taskList: CostRule = (count, { first, scans, counts }) => ({
  calls: count * ((scans ? SCAN_PAGES : 1) + (counts ? (scans ? 2 : 1) : 0)),
  children: count * first,
});

const perTicketList: CostRule = (count, { first }) => ({ calls: count, children: count * first });

/** How many values `input[name]` lists (0 when it is absent or not a list). */
const listed = (input: Record<string, unknown>, name: string) => (Array.isArray(input[name]) ? input[name].length : 0);
const given = (input: Record<string, unknown>, name: string) => input[name] !== undefined && input[name] !== null;

/**
 * A write's cost: the reads that check its input (the entity it changes, custom-field definitions, statuses, the
 * users it names: see mutations/), then the write itself, one call. Priced for an unscoped connection and a first
 * try; a connection limited to some spaces also reads what the input names to check it is inside them, and a
 * replayed idempotency key reads what the first try made.
 */
const write = ({ loads, users = [], fields, statuses, categories }: { loads?: Loader; users?: string[]; fields?: boolean; statuses?: boolean; categories?: boolean }): CostRule =>
  (count, { input }) => {
    const people = users.reduce((n, name) => n + listed(input, name), 0);
    const memos: Memo[] = [];
    if (fields && listed(input, 'customFields') > 0) memos.push('customFields');
    if (statuses && given(input, 'statusId')) memos.push('workflows');
    if (categories && given(input, 'categoryId')) memos.push('timelogCategories');
    return {
      calls: count,
      memos,
      // The entity is read first; the users are checked a round later when it is.
      byId: [...(loads ? [byId(loads, count)] : []), ...(people > 0 ? [byId('contacts', count * people, loads ? 1 : 0)] : [])],
    };
  };

/** What each mutation costs (the connections admin's mutations make no call through the request's client). */
const MUTATION_COST_RULES: Record<string, CostRule> = {
  'Mutation.createTicket': write({ users: ['assigneeIds'], fields: true, statuses: true }),
  'Mutation.updateTicket': write({ loads: 'tasks', users: ['addAssigneeIds'], fields: true, statuses: true }),
  'Mutation.deleteTicket': write({ loads: 'tasks' }),
  // The tickets read 100 a call (none past the cap: refused unread), the definitions, then one write per 100.
  'Mutation.updateTicketsCustomFields': (count, { input }) => {
    const tickets = listed(input, 'ticketIds') > MAX_BULK_TICKETS ? 0 : listed(input, 'ticketIds');
    return {
      calls: count * Math.ceil(tickets / TICKETS_PER_CALL),
      memos: listed(input, 'customFields') > 0 ? ['customFields'] : [],
      byId: [byId('tasks', count * tickets)],
    };
  },
  'Mutation.createComment': write({}),
  'Mutation.updateComment': write({}),
  'Mutation.deleteComment': write({ loads: 'comments' }),
  'Mutation.createAttachment': write({}),
  'Mutation.deleteAttachment': write({ loads: 'attachments' }),
  'Mutation.createCollection': write({ users: ['ownerIds'], fields: true }),
  'Mutation.updateCollection': write({ fields: true }),
  'Mutation.createDependency': write({}),
  'Mutation.deleteDependency': write({ loads: 'dependencies' }),
  'Mutation.createTimeLog': write({ categories: true }),
  'Mutation.updateTimeLog': write({ categories: true }),
  'Mutation.deleteTimeLog': write({ loads: 'timelogs' }),
};

export const COST_RULES: Record<string, CostRule> = {
  ...MUTATION_COST_RULES,
  'Query.me': () => ({ calls: 1 }),
  'Query.ticket': (count) => ({ byId: [byId('tasks', count)] }),
  'Query.tickets': taskList,
  'Query.collection': (count) => ({ byId: [byId('folders', count)] }),
  'Query.collections': (count, { first }) => ({ memos: ['folderTree'], byId: [byId('folders', count * first)], children: count * first }),
  'Query.workspace': () => ({ memos: ['spaces'] }),
  'Query.workspaces': (count, { first }) => ({ memos: ['spaces'], children: count * first }),
  'Query.comment': (count) => ({ byId: [byId('comments', count)] }),
  'Query.attachment': (count) => ({ byId: [byId('attachments', count)] }),
  'Query.field': () => ({ memos: ['customFields'] }),
  'Query.fields': (count, { first }) => ({ memos: ['customFields'], children: count * first }),
  'Query.ticketStatuses': () => ({ memos: ['workflows'] }),
  'Query.user': (count) => ({ byId: [byId('contacts', count)] }),
  'Query.users': (count, { first }) => ({ memos: ['people'], children: count * first }),
  'Query.group': () => ({ memos: ['groups'] }),
  'Query.groups': (count, { first }) => ({ memos: ['groups'], children: count * first }),
  'Query.roles': () => ({ memos: ['accessRoles'] }),
  // GET /ids, then the ticket by id (one round later).
  'Query.ticketByPermalink': (count) => ({ calls: count, byId: [byId('tasks', count, 1)] }),
  'Query.idsFromLegacy': (count) => ({ calls: count }),
  // Its worst case: two task queries a page (live tasks and the Recycle Bin's), up to three pages when ties cut them
  // (or a second of more than 1,000 changes is walked by page token); two more for a later page's count; the folder tree.
  'Query.ticketChanges': (count, { first, counts }) => ({ calls: count * (counts ? 8 : 6), memos: ['folderTree'], children: count * first }),
  // Its worst case: the account-wide comment lists a page may make while sizing windows, and on a limited
  // connection the tickets it may look up by id to leave out comments outside.
  'Query.commentChanges': (count, { first }) => ({
    calls: count * COMMENT_FEED_MAX_CALLS, byId: [byId('tasks', count * COMMENT_FEED_TASK_LOOKUPS)], children: count * first,
  }),
  'TicketEvent.comment': (count) => ({ byId: [byId('comments', count)] }),
  // One whole list (one per ticket with filter.ticketIds).
  'Query.timeLogs': (count, { first, ticketIds }) => ({ calls: count * Math.max(1, ticketIds), children: count * first }),
  'Query.timeLog': (count) => ({ byId: [byId('timelogs', count)] }),
  'Query.timeLogCategories': () => ({ memos: ['timelogCategories'] }),

  'Ticket.status': () => ({ memos: ['workflows'] }),
  // The full task (for dependencyIds), then the dependencies by id, then their other ends by id.
  'Ticket.dependencies': (count) => ({ byId: [byId('tasks', count), byId('dependencies', count * 2, 1)] }),
  'TicketDependency.predecessor': (count) => ({ byId: [byId('tasks', count, 2)] }),
  'TicketDependency.successor': (count) => ({ byId: [byId('tasks', count, 2)] }),
  'Ticket.createdBy': (count) => ({ byId: [byId('contacts', count)] }),
  'Ticket.assignees': (count) => ({ byId: [byId('contacts', count)] }),
  // Followers are only in the full model: the ticket itself is loaded by id first.
  'Ticket.followers': (count) => ({ byId: [byId('tasks', count), byId('contacts', count, 1)] }),
  'Ticket.collections': (count) => ({ byId: [byId('folders', count)] }),
  'Ticket.workspace': () => ({ memos: ['folderTree', 'spaces'] }),
  'Ticket.parents': (count) => ({ byId: [byId('tasks', count)] }),
  'Ticket.ancestors': (count) => ({ byId: Array.from({ length: ANCESTOR_LEVELS }, (_, level) => byId('tasks', count, level)) }),
  'Ticket.subtasks': (count, { first }) => ({ byId: [byId('tasks', count * fanout(first))], children: count * fanout(first) }),
  // One batched round per level; each level loads at most the page and one more per ticket (the walk stops then).
  'Ticket.descendants': (count, { first, maxDepth }) => ({
    byId: Array.from({ length: maxDepth }, (_, level) => byId('tasks', count * Math.min(first + 1, ASSUMED_FANOUT ** (level + 1)), level)),
    children: count * first,
  }),
  'Ticket.customFields': () => ({ memos: ['customFields'] }),
  'Ticket.comments': perTicketList,
  'Ticket.attachments': perTicketList,
  'Ticket.timeLogs': perTicketList,
  'Ticket.remoteData': (count) => ({ byId: [byId('tasks', count)] }),

  'Collection.parent': (count) => ({ byId: [byId('folders', count)] }),
  'Collection.children': (count, { first }) => ({ byId: [byId('folders', count * fanout(first))], children: count * fanout(first) }),
  'Collection.workspace': () => ({ memos: ['folderTree', 'spaces'] }),
  'Collection.tickets': taskList,
  'Collection.customFields': (count) => ({ byId: [byId('folders', count)], memos: ['customFields'] }),
  'Collection.owners': (count) => ({ byId: [byId('contacts', count)] }),
  'Workspace.collections': (count, { first }) => ({ memos: ['folderTree'], byId: [byId('folders', count * fanout(first))], children: count * fanout(first) }),
  'Workspace.tickets': taskList,

  'Comment.author': (count) => ({ byId: [byId('contacts', count)] }),
  'Comment.ticket': (count) => ({ byId: [byId('tasks', count)] }),
  'Attachment.author': (count) => ({ byId: [byId('contacts', count)] }),
  'Attachment.ticket': (count) => ({ byId: [byId('tasks', count)] }),
  'TimeLog.ticket': (count) => ({ byId: [byId('tasks', count)] }),
  'TimeLog.user': (count) => ({ byId: [byId('contacts', count)] }),
  'TimeLog.category': () => ({ memos: ['timelogCategories'] }),
  'TimeLogUserTotal.user': (count) => ({ byId: [byId('contacts', count * ASSUMED_FANOUT)] }),
  'User.groups': () => ({ memos: ['groups'] }),
  'Group.members': (count) => ({ memos: ['groups'], byId: [byId('contacts', count)] }),
  'UserFieldValue.users': (count) => ({ byId: [byId('contacts', count)] }),
};

/** What an `_entities` representation of each type loads. */
export const ENTITY_COST: Record<string, { loader?: Loader; memos?: Memo[] }> = {
  Ticket: { loader: 'tasks' },
  Collection: { loader: 'folders' },
  Comment: { loader: 'comments' },
  Attachment: { loader: 'attachments' },
  TimeLog: { loader: 'timelogs' },
  User: { loader: 'contacts' },
  Workspace: { memos: ['spaces'] },
  Field: { memos: ['customFields'] },
  TicketStatus: { memos: ['workflows'] },
  Group: { memos: ['groups'] },
  Role: { memos: ['accessRoles'] },
};
