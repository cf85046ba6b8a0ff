import type { EntityKind, MetadataKind } from '../wrike/cache';

/**
 * Cache tags, the names a router's response cache files our answers under and we invalidate by (the contract is
 * /work/brief/invalidation-wire.md, README "Cache hints and invalidation"): `<GraphQLTypeName>:<id>` for one entity,
 * the bare type name for every entity of a type. Wrike ids are unique across accounts, so no connection prefix.
 */

/** The schema's entity types that answers are tagged with. */
export const TAGGED_TYPES = new Set(['Ticket', 'Collection', 'Workspace', 'Comment', 'Attachment', 'User', 'Group', 'Role', 'Field', 'TicketStatus']);

export const entityTag = (typename: string, id: string): string => `${typename}:${id}`;

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
 * The tags one cache invalidation makes stale: entity ids become `<Type>:<id>` for each type the entity shows as;
 * a metadata kind (or an entity kind dropped whole, id `*`) becomes its bare type names.
 */
export function tagsOfInvalidation(kind: EntityKind | MetadataKind, ids: readonly string[]): string[] {
  if (METADATA.has(kind)) return [...METADATA_TYPES[kind as MetadataKind]];
  const types = ENTITY_TYPES[kind as EntityKind] ?? [];
  return ids.flatMap((id) => (id === '*' ? types : types.map((type) => entityTag(type, id))));
}

/** Seconds a router may keep an answer holding each type (the shortest over the types it holds wins). */
export interface CacheAges {
  /** Tickets, collections, comments, attachments: our entity cache's CACHE_MAX_STALENESS_MS. */
  entitySeconds: number;
  /** Users, groups, roles, fields, statuses, workspaces: CACHE_METADATA_TTL_MS. */
  metadataSeconds: number;
}

const ENTITY_AGED = new Set(['Ticket', 'Collection', 'Comment', 'Attachment', 'TicketDependency', 'TicketDependencies']);
const METADATA_AGED = new Set(['User', 'Group', 'Role', 'Field', 'TicketStatus', 'Workspace']);
/** Never cached: time logs (not in our cache either, no webhook tells of them), the connections admin's data. */
const UNCACHED = new Set(['TimeLog', 'TimeLogUserTotal', 'TimeLogCategory', 'TimeLogConnection', 'WrikeConnection', 'WrikeWebhook', 'WrikeAccountUser', 'LegacyIdMapping', 'TicketEvent']);

/** The most seconds an answer holding a value of this type may be kept (undefined: the type sets no bound). */
export function maxAgeOf(typename: string, ages: CacheAges): number | undefined {
  if (UNCACHED.has(typename)) return 0;
  if (ENTITY_AGED.has(typename)) return ages.entitySeconds;
  if (METADATA_AGED.has(typename)) return ages.metadataSeconds;
  return undefined;
}
