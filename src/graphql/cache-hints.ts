import {
  Kind, getNamedType, isAbstractType, isObjectType, isInterfaceType, valueFromASTUntyped, type FragmentDefinitionNode,
  type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { ID_INVALIDATED_TYPES, TAGGED_TYPES, UNCACHED_ROOT_FIELDS, entityTag, maxAgeOf, typeTag, type CacheAges } from '../unified/cache-tags';
import type { GraphQLContext } from './context';

/**
 * Cache hints for routers and browsers on every /graphql answer (README "Cache hints and invalidation"): a query
 * answered without errors is `private, max-age=N`, N the shortest over the types it holds (cache-tags.ts), and names
 * the entities it holds in `extensions.apolloCacheTags` (root fields) and `extensions.apolloEntityCacheTags` (one
 * list per `_entities` element), the form Apollo Router's response cache reads: `Type:id` for each entity whose id it
 * knows, `Type@account` for each tagged type it holds at all. An answer holding a ticket, comment or attachment whose
 * id it does not know (no invalidation could reach it) and a change feed are `max-age=0`. Anything else (a mutation, a
 * subscription over HTTP, an answer with errors, an incremental one) is `no-store` and carries no tags. Done in code
 * rather than with Apollo's cache-control plugin: that one wraps every resolver and says `public` by default.
 */
export interface CacheFacts {
  maxAge: number;
  /** Tags of the root fields other than `_entities`, sorted. */
  tags: string[];
  /** One sorted list per `_entities` element, when the operation selects `_entities`. */
  entityTags?: string[][];
}

type Value = Record<string, unknown>;

/** A schema's types by name, read once: the walk below runs on every answer and graphql's type checks are slow. */
interface TypeInfo {
  /** Each field's named type. */
  fields: Map<string, string>;
  /** For an interface or union: its object types. */
  possible?: Set<string>;
}
const typeInfos = new WeakMap<GraphQLSchema, Map<string, TypeInfo>>();

function typeInfoOf(schema: GraphQLSchema): Map<string, TypeInfo> {
  let infos = typeInfos.get(schema);
  if (infos) return infos;
  infos = new Map();
  for (const type of Object.values(schema.getTypeMap())) {
    const fields = new Map<string, string>();
    if (isObjectType(type) || isInterfaceType(type)) for (const field of Object.values(type.getFields())) fields.set(field.name, getNamedType(field.type).name);
    infos.set(type.name, { fields, possible: isAbstractType(type) ? new Set(schema.getPossibleTypes(type).map((t) => t.name)) : undefined });
  }
  typeInfos.set(schema, infos);
  return infos;
}

/** Tags gathered as ids by type (strings are made once, at the end); a type with no ids was seen without one. */
type Tags = Map<string, Set<string>>;

/** `accountId` undefined: the account is not known, and the type-wide tags are left out (the answer is not kept). */
const tagList = (tags: Tags, accountId: string | undefined): string[] => {
  const out: string[] = [];
  for (const [typename, ids] of tags) {
    if (accountId !== undefined) out.push(typeTag(typename, accountId));
    for (const id of ids) out.push(entityTag(typename, id));
  }
  return out.sort();
};

/** What an answer holds, read from its data along the operation's selections. */
export function cacheFactsOf(
  schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>, data: Value, ages: CacheAges, accountId: string | undefined,
): CacheFacts {
  const infos = typeInfoOf(schema);
  const root = schema.getQueryType()?.name;
  let maxAge: number | undefined;
  const bound = (age: number | undefined) => {
    if (age !== undefined) maxAge = Math.min(maxAge ?? age, age);
  };
  const seenTypes = new Set<string>();
  let sawTagged = false;
  /** An object of a tagged type was seen, with its id when known. */
  const tag = (tags: Tags, typename: string, id: unknown) => {
    if (!TAGGED_TYPES.has(typename)) return;
    sawTagged = true;
    let ids = tags.get(typename);
    if (!ids) tags.set(typename, (ids = new Set()));
    if (typeof id === 'string' && id !== '') ids.add(id);
    else if (ID_INVALIDATED_TYPES.has(typename)) bound(0);
  };
  const holdsTagged = (declared: string) => [...(infos.get(declared)?.possible ?? [])].some((type) => TAGGED_TYPES.has(type));

  /** The concrete type of an object in the answer: its declared type, or its __typename under an abstract one. */
  const concrete = (declared: string, value: Value): string | undefined => {
    if (!infos.get(declared)?.possible) return declared;
    const name = value.__typename;
    return typeof name === 'string' && infos.has(name) ? name : undefined;
  };
  const applies = (condition: string | undefined, type: string | undefined): boolean => {
    if (!condition) return true;
    if (!type) return false;
    return condition === type || !!infos.get(condition)?.possible?.has(type);
  };

  /** `knownId`: the object's id when the field's `id` argument names it. */
  const visit = (value: unknown, declared: string, set: SelectionSetNode | undefined, tags: Tags, knownId?: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, declared, set, tags);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const object = value as Value;
    const type = concrete(declared, object);
    const found: { id?: unknown } = { id: knownId };
    if (set) fields(set, type, object, tags, [], found);
    if (type) {
      seenTypes.add(type);
      tag(tags, type, found.id);
    } else if (holdsTagged(declared)) {
      // An entity of unknown type (no __typename): nothing could invalidate it.
      bound(0);
    }
  };

  /** Walks the selections of one object; `found.id` gets its `id` field's value, whatever its response key. */
  const fields = (set: SelectionSetNode, type: string | undefined, object: Value, tags: Tags, trail: string[], found: { id?: unknown }): void => {
    const info = type === undefined ? undefined : infos.get(type);
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, type)) fields(selection.selectionSet, type, object, tags, trail, found);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (fragment && !trail.includes(fragment.name.value) && applies(fragment.typeCondition.name.value, type)) {
          fields(fragment.selectionSet, type, object, tags, [...trail, fragment.name.value], found);
        }
        continue;
      }
      const named = info?.fields.get(selection.name.value);
      if (named === undefined) continue;
      const child = object[selection.alias?.value ?? selection.name.value];
      if (selection.name.value === 'id' && typeof child === 'string') found.id = child;
      if (child === null || child === undefined || typeof child !== 'object') continue;
      if (type === root && UNCACHED_ROOT_FIELDS.has(selection.name.value)) bound(0);
      // `ticket(id: …) { title }` holds ticket `id` though the answer does not show it.
      const idArg = Array.isArray(child) ? undefined : selection.arguments?.find((arg) => arg.name.value === 'id');
      visit(child, named, selection.selectionSet, tags, idArg && valueFromASTUntyped(idArg.value, variables));
    }
  };

  const tags: Tags = new Map();
  let entityTags: string[][] | undefined;
  if (root) {
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind === Kind.FIELD && selection.name.value === '_entities') {
        const entities = data[selection.alias?.value ?? '_entities'];
        const named = infos.get(root)?.fields.get('_entities') ?? root;
        // A router asks for an entity by its key and need not select `id`: the representation names it.
        const argument = selection.arguments?.find((arg) => arg.name.value === 'representations');
        const representations: unknown = argument && valueFromASTUntyped(argument.value, variables);
        entityTags = (Array.isArray(entities) ? entities : []).map((entity, i) => {
          const own: Tags = new Map();
          const representation: unknown = Array.isArray(representations) ? representations[i] : undefined;
          visit(entity, named, selection.selectionSet, own, representation && typeof representation === 'object' ? (representation as Value).id : undefined);
          return tagList(own, accountId);
        });
        continue;
      }
      fields({ kind: Kind.SELECTION_SET, selections: [selection] }, root, data, tags, [], {});
    }
  }
  for (const type of seenTypes) bound(maxAgeOf(type, ages));
  // Without the account, type-wide invalidations could not reach it.
  if (accountId === undefined && sawTagged) bound(0);
  // Nothing that sets a bound (`{ __typename }`): the shorter time, the safe side.
  return { maxAge: Math.max(0, Math.floor(maxAge ?? ages.entitySeconds)), tags: tagList(tags, accountId), entityTags };
}

export const NO_STORE = 'no-store';

/**
 * The connection's account id (known after its first read), or undefined when it cannot be read by the request's
 * deadline: the answer then goes out at once, not kept (its type tags could not be named).
 */
async function byDeadline(account: Promise<string>, deadline: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
    timer.unref();
  });
  try {
    return await Promise.race([account.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

export function cacheHintsPlugin(ages: CacheAges): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operation, document, request, schema, contextValue }) {
          const headers = response.http.headers;
          headers.set('cache-control', NO_STORE);
          if (response.body.kind !== 'single' || !operation || !document || operation.operation !== 'query') return;
          const result = response.body.singleResult;
          if ((result.errors?.length ?? 0) > 0 || !result.data) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          const accountId = contextValue.accountId && await byDeadline(contextValue.accountId(), contextValue.deadline);
          const facts = cacheFactsOf(schema, operation, fragments, request.variables ?? {}, result.data, ages, accountId);
          headers.set('cache-control', `private, max-age=${facts.maxAge}`);
          const extensions: Record<string, unknown> = { ...result.extensions };
          if (facts.tags.length > 0) extensions.apolloCacheTags = facts.tags;
          if (facts.entityTags) extensions.apolloEntityCacheTags = facts.entityTags;
          result.extensions = extensions;
        },
      };
    },
  };
}
