import {
  Kind, getNamedType, isAbstractType, isObjectType, isInterfaceType, valueFromASTUntyped, type FragmentDefinitionNode,
  type GraphQLNamedType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { TAGGED_TYPES, entityTag, maxAgeOf, type CacheAges } from '../unified/cache-tags';
import type { GraphQLContext } from './context';

/**
 * Cache hints for routers and browsers on every /graphql answer (README "Cache hints and invalidation"): a query
 * answered without errors is `private, max-age=N`, N the shortest over the types it holds (cache-tags.ts), and names
 * the entities it holds in `extensions.apolloCacheTags` (root fields) and `extensions.apolloEntityCacheTags` (one
 * list per `_entities` element), the form Apollo Router's response cache reads. Anything else (a mutation, a
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

/** What an answer holds, read from its data along the operation's selections. */
export function cacheFactsOf(
  schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>, data: Value, ages: CacheAges,
): CacheFacts {
  let maxAge = ages.metadataSeconds;
  const bound = (typename: string) => {
    const age = maxAgeOf(typename, ages);
    if (age !== undefined) maxAge = Math.min(maxAge, age);
  };
  const tag = (tags: Set<string>, typename: string, id: unknown) => {
    if (!TAGGED_TYPES.has(typename) || typeof id !== 'string' || id === '') return;
    tags.add(typename);
    tags.add(entityTag(typename, id));
  };

  /** The concrete type of an object in the answer: its declared type, or its __typename under an abstract one. */
  const concrete = (declared: GraphQLNamedType, value: Value): GraphQLNamedType | undefined => {
    if (!isAbstractType(declared)) return declared;
    const name = value.__typename;
    return typeof name === 'string' ? schema.getType(name) ?? undefined : undefined;
  };
  const applies = (condition: string | undefined, type: GraphQLNamedType | undefined): boolean => {
    if (!condition) return true;
    if (!type) return false;
    if (condition === type.name) return true;
    const conditionType = schema.getType(condition);
    return !!conditionType && isAbstractType(conditionType) && isObjectType(type) && schema.isSubType(conditionType, type);
  };

  const visit = (value: unknown, declared: GraphQLNamedType, set: SelectionSetNode | undefined, tags: Set<string>): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, declared, set, tags);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const object = value as Value;
    const type = concrete(declared, object);
    if (type) {
      bound(type.name);
      tag(tags, type.name, object.id);
    }
    if (set) fields(set, type, object, tags, []);
  };

  const fields = (set: SelectionSetNode, type: GraphQLNamedType | undefined, object: Value, tags: Set<string>, trail: string[]): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, type)) fields(selection.selectionSet, type, object, tags, trail);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (fragment && !trail.includes(fragment.name.value) && applies(fragment.typeCondition.name.value, type)) {
          fields(fragment.selectionSet, type, object, tags, [...trail, fragment.name.value]);
        }
        continue;
      }
      const definition = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[selection.name.value] : undefined;
      if (!definition) continue;
      const child = object[selection.alias?.value ?? selection.name.value];
      if (child === null || child === undefined) continue;
      const named = getNamedType(definition.type);
      // `ticket(id: …) { title }` holds ticket `id` though the answer does not show it.
      const idArg = selection.arguments?.find((arg) => arg.name.value === 'id');
      if (idArg && isObjectType(named)) tag(tags, named.name, valueFromASTUntyped(idArg.value, variables));
      visit(child, named, selection.selectionSet, tags);
    }
  };

  const root = schema.getQueryType();
  const tags = new Set<string>();
  let entityTags: string[][] | undefined;
  if (root) {
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind === Kind.FIELD && selection.name.value === '_entities') {
        const entities = data[selection.alias?.value ?? '_entities'];
        const named = getNamedType(root.getFields()._entities?.type ?? root);
        entityTags = (Array.isArray(entities) ? entities : []).map((entity) => {
          const own = new Set<string>();
          visit(entity, named, selection.selectionSet, own);
          return [...own].sort();
        });
        continue;
      }
      fields({ kind: Kind.SELECTION_SET, selections: [selection] }, root, data, tags, []);
    }
  }
  return { maxAge: Math.max(0, Math.floor(maxAge)), tags: [...tags].sort(), entityTags };
}

export const NO_STORE = 'no-store';

export function cacheHintsPlugin(ages: CacheAges): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operation, document, request, schema }) {
          const headers = response.http.headers;
          headers.set('cache-control', NO_STORE);
          if (response.body.kind !== 'single' || !operation || !document || operation.operation !== 'query') return;
          const result = response.body.singleResult;
          if ((result.errors?.length ?? 0) > 0 || !result.data) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          const facts = cacheFactsOf(schema, operation, fragments, request.variables ?? {}, result.data, ages);
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
