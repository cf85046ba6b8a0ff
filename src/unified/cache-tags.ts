import type { EntityKind, MetadataKind } from '../wrike/cache';

/**
 * Cache tags, the names a router's response cache files our answers under and we invalidate by (the contract is
 * /work/brief/invalidation-wire.md, README "Cache hints and invalidation"): `<GraphQLTypeName>:<id>` for one entity
 * (Wrike ids are unique across accounts, so no prefix), `<GraphQLTypeName>@<accountId>` for every entity of a type in
 * one Wrike account (so one account's change never flushes another's answers).
 */

/** The schema's entity types that answers are tagged with. */
export const TAGGED_TYPES = new Set(['Ticket', 'Collection', 'Workspace', 'Comment', 'Attachment', 'User', 'Group', 'Role', 'Field', 'TicketStatus']);

export const entityTag = (typename: string, id: string): string => `${typename}:${id}`;
/** Every entity of a type in one Wrike account. */
export const typeTag = (typename: string, accountId: string): string => `${typename}@${accountId}`;

/**
 * Types whose entities are invalidated by id only: an answer holding one of them whose id it does not know (not
 * selected, not an argument) cannot be reached by an invalidation, so it is not kept (cache-hints.ts). Every other
 * tagged type is invalidated type-wide too whenever one of its entities is (tagsOfInvalidation), so its bare tag
 * reaches answers that hold it without its id.
 */
export const ID_INVALIDATED_TYPES = new Set(['Ticket', 'Comment', 'Attachment']);

/** The types a cached Wrike entity shows as: a Wrike folder is a Collection, or a Workspace when it is a space. */
const ENTITY_TYPES: Record<EntityKind, string[]> = {
  task: ['Ticket'],
  folder: ['Collection', 'Workspace'],
  comment: ['Comment'],
  attachment: ['Attachment'],
  // Wrike's contacts are people and groups alike.
  contact: ['User', 'Group'],
};

/** An account-wide list names no one entity: its change reaches every entity of the types built from it. */
const METADATA_TYPES: Record<MetadataKind, string[]> = {
  workflows: ['TicketStatus'],
  customFields: ['Field'],
  folderTree: ['Collection', 'Workspace'],
  spaces: ['Workspace'],
  people: ['User'],
  groups: ['Group'],
  accessRoles: ['Role'],
};

const METADATA = new Set<string>(Object.keys(METADATA_TYPES));

/**
 * The tags one cache invalidation in the account `accountId` makes stale: entity ids become `<Type>:<id>` for each
 * type the entity shows as, plus `<Type>@<account>` for the types not in ID_INVALIDATED_TYPES; a metadata kind (or an
 * entity kind dropped whole, id `*`) becomes its types' `<Type>@<account>`.
 */
export function tagsOfInvalidation(kind: EntityKind | MetadataKind, ids: readonly string[], accountId: string): string[] {
  if (METADATA.has(kind)) return METADATA_TYPES[kind as MetadataKind].map((type) => typeTag(type, accountId));
  const types = ENTITY_TYPES[kind as EntityKind] ?? [];
  const tags = new Set<string>();
  for (const id of ids) {
    for (const type of types) {
      if (id !== '*') tags.add(entityTag(type, id));
      if (id === '*' || !ID_INVALIDATED_TYPES.has(type)) tags.add(typeTag(type, accountId));
    }
  }
  return [...tags];
}

/** Seconds a router may keep an answer holding each type (the shortest over the types it holds wins). */
export interface CacheAges {
  /** Tickets, collections, comments, attachments: our entity cache's CACHE_MAX_STALENESS_MS. */
  entitySeconds: number;
  /** Users, groups, roles, fields, statuses, workspaces: CACHE_METADATA_TTL_MS. */
  metadataSeconds: number;
}

const METADATA_AGED = new Set([
  'User', 'Group', 'Role', 'Field', 'TicketStatus', 'Workspace',
  'UserConnection', 'UserEdge', 'GroupConnection', 'GroupEdge', 'FieldConnection', 'FieldEdge', 'WorkspaceConnection', 'WorkspaceEdge',
]);
/** Shapes that hold nothing of their own: the types inside them decide. */
const UNBOUNDED = new Set(['Query', 'PageInfo']);
/** Never cached: time logs (not in our cache either, no webhook tells of them), the connections admin's data. */
const UNCACHED = new Set(['TimeLog', 'TimeLogUserTotal', 'TimeLogCategory', 'TimeLogConnection', 'WrikeConnection', 'WrikeWebhook', 'WrikeAccountUser', 'LegacyIdMapping', 'TicketEvent']);

/**
 * Root fields whose answers are never kept: change feeds (`ticketChanges`, `commentChanges`) are read with a moving
 * `since`/cursor to learn what changed, and an empty page names nothing an invalidation could reach.
 */
export const UNCACHED_ROOT_FIELDS = new Set(['ticketChanges', 'commentChanges']);

/**
 * The most seconds an answer holding a value of this type may be kept (undefined: the type sets no bound). A type
 * named in no list (tickets and their parts, connections of them, tombstones, any type added later) gets the
 * entities' time, the shorter one: the safe side.
 */
export function maxAgeOf(typename: string, ages: CacheAges): number | undefined {
  if (UNCACHED.has(typename)) return 0;
  if (UNBOUNDED.has(typename)) return undefined;
  if (METADATA_AGED.has(typename)) return ages.metadataSeconds;
  return ages.entitySeconds;
}
