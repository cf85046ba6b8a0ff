import {
  Kind, getNamedType, isObjectType, isInterfaceType, valueFromASTUntyped, type DocumentNode, type FieldNode,
  type FragmentDefinitionNode, type GraphQLNamedType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { userError } from './errors';
import { DEFAULT_PAGE_SIZE } from './pagination';
import { COST_RULES, ENTITY_COST, type FieldArgs, type Loader, type Memo } from './cost-rules';
import { DEFAULT_DESCENDANT_DEPTH } from './limits';
import { WRIKE_BATCH_LIMIT } from '../wrike/batch';
import type { GraphQLContext } from './context';

/**
 * The operation's cost in Wrike calls, estimated before anything runs, and its depth. By-id loads of the same loader
 * at the same level batch together (100 ids a call); per-parent lists cost one call per parent; account-wide lists are
 * read once per request; a mutation costs its write and the reads that check its input. Refused over `maxCalls` with QUERY_TOO_COMPLEX; every response reports
 * `extensions.cost { estimatedCalls actualCalls maxCalls }`.
 */
export interface ComplexityLimits {
  maxDepth: number;
  maxCalls: number;
  /** MAX_ENTITY_REPRESENTATIONS: most `_entities` representations one request may ask for. */
  maxRepresentations: number;
}

export interface Estimate {
  depth: number;
  calls: number;
  /** `_entities` representations asked for. */
  representations: number;
}

type Variables = Record<string, unknown>;

export function estimate(
  schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>, rawVariables: Variables,
): Estimate {
  const variables = withDefaults(operation, rawVariables);
  const byId = new Map<string, number>();
  const memos = new Set<Memo>();
  let calls = 0;
  let representationCount = 0;
  let maxDepth = 0;
  const demand = (loader: Loader, ids: number, round: number) => {
    const key = `${loader}@${round}`;
    byId.set(key, (byId.get(key) ?? 0) + ids);
  };

  const walk = (set: SelectionSetNode | undefined, type: GraphQLNamedType | undefined, count: number, depth: number, trail: string[]): void => {
    maxDepth = Math.max(maxDepth, depth);
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const narrowed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        walk(selection.selectionSet, narrowed ?? type, count, depth, trail);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || trail.includes(name)) continue; // fragment cycles are a validation error anyway
        walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? type, count, depth, [...trail, name]);
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      if (name === '_entities' && type?.name === 'Query') {
        walkEntities(selection, depth);
        continue;
      }
      const fieldType = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[name]?.type : undefined;
      const childType = fieldType ? getNamedType(fieldType) : undefined;
      const rule = type ? COST_RULES[`${type.name}.${name}`] : undefined;
      let children = count;
      if (rule) {
        const cost = rule(count, argsOf(selection, variables));
        for (const load of cost.byId ?? []) demand(load.loader, load.ids, depth + (load.level ?? 0));
        for (const memo of cost.memos ?? []) memos.add(memo);
        calls += cost.calls ?? 0;
        children = cost.children ?? count;
      }
      if (selection.selectionSet) walk(selection.selectionSet, childType, children, depth + 1, trail);
    }
  };

  /** `_entities`: each representation loads its type's entity (batched); each type's fragment runs on its own count. */
  const walkEntities = (field: FieldNode, depth: number) => {
    const arg = field.arguments?.find((a) => a.name.value === 'representations');
    const representations = arg ? valueFromASTUntyped(arg.value, variables) : [];
    const byType = new Map<string, number>();
    if (Array.isArray(representations)) representationCount += representations.length;
    for (const rep of Array.isArray(representations) ? representations : []) {
      const typename = rep && typeof rep === 'object' ? String((rep as { __typename?: unknown }).__typename) : '';
      byType.set(typename, (byType.get(typename) ?? 0) + 1);
    }
    for (const [typename, n] of byType) {
      const cost = ENTITY_COST[typename];
      if (cost?.loader) demand(cost.loader, n, depth);
      for (const memo of cost?.memos ?? []) memos.add(memo);
    }
    for (const selection of field.selectionSet?.selections ?? []) {
      const typename = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value
        : selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value]?.typeCondition.name.value : undefined;
      if (!typename) continue;
      const set = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value]?.selectionSet : selection.selectionSet;
      walk(set, schema.getType(typename) ?? undefined, byType.get(typename) ?? 0, depth + 1, []);
    }
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  walk(operation.selectionSet, root ?? undefined, 1, 0, []);
  for (const ids of byId.values()) calls += Math.ceil(ids / WRIKE_BATCH_LIMIT);
  return { depth: maxDepth, calls: calls + memos.size, representations: representationCount };
}

/** A field's cost-relevant arguments, variables (and their defaults) resolved. */
function argsOf(field: FieldNode, variables: Variables): FieldArgs {
  const value = (name: string) => {
    const arg = field.arguments?.find((a) => a.name.value === name);
    return arg ? valueFromASTUntyped(arg.value, variables) : undefined;
  };
  const int = (name: string, fallback: number) => {
    const v = value(name);
    return typeof v === 'number' && Number.isFinite(v) ? Math.max(0, v) : fallback;
  };
  const filter = value('filter') as { priorities?: unknown; ticketIds?: unknown } | undefined;
  const priorities = Array.isArray(filter?.priorities) ? new Set(filter.priorities) : new Set();
  const counts = (field.selectionSet?.selections ?? []).some((s) => s.kind === Kind.FIELD && s.name.value === 'totalCount');
  const input = value('input');
  return { first: int('first', DEFAULT_PAGE_SIZE), maxDepth: int('maxDepth', DEFAULT_DESCENDANT_DEPTH), scans: priorities.size === 2, counts,
    ticketIds: Array.isArray(filter?.ticketIds) ? filter.ticketIds.length : 0,
    input: input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {},
  };
}

/** The request's variables with the operation's defaults filled in (`query($f: Int = 100)` costs 100, not 20). */
function withDefaults(operation: OperationDefinitionNode, variables: Variables): Variables {
  const out: Variables = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) out[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue, {});
  }
  for (const [name, v] of Object.entries(variables)) if (v !== undefined) out[name] = v;
  return out;
}

/**
 * Apollo keeps one parsed document per query text, so an operation without variables always costs the same: its
 * estimate is kept with it (a WeakMap: it goes when Apollo's document cache drops the document).
 */
const estimates = new WeakMap<OperationDefinitionNode, Estimate>();

function estimateOnce(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Variables): Estimate {
  if ((operation.variableDefinitions?.length ?? 0) > 0) return estimate(schema, operation, fragmentsOf(document), variables);
  let known = estimates.get(operation);
  if (!known) {
    known = estimate(schema, operation, fragmentsOf(document), {});
    estimates.set(operation, known);
  }
  return known;
}

/**
 * The operation's estimate, checked against the limits: QUERY_TOO_COMPLEX (a typed error) over any of them. Shared by
 * every path that runs an operation (Apollo's requests, graphql-ws and callback subscriptions).
 */
export function checkComplexity(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Variables, limits: ComplexityLimits): Estimate {
  const known = estimateOnce(schema, document, operation, variables);
  const { depth, calls, representations } = known;
  if (representations > limits.maxRepresentations) {
    throw userError('QUERY_TOO_COMPLEX', `_entities asks for ${representations} representations, over the limit of ${limits.maxRepresentations} (MAX_ENTITY_REPRESENTATIONS); send them in smaller batches`, {
      representations, maxRepresentations: limits.maxRepresentations, http: { status: 400 },
    });
  }
  if (depth > limits.maxDepth) {
    throw userError('QUERY_TOO_COMPLEX', `Query depth ${depth} is over the limit of ${limits.maxDepth}`, { depth, maxDepth: limits.maxDepth, http: { status: 400 } });
  }
  if (calls > limits.maxCalls) {
    throw userError('QUERY_TOO_COMPLEX', `This query would make about ${calls} Wrike calls, over the limit of ${limits.maxCalls} (MAX_QUERY_CALLS); ask for smaller pages or fewer nested lists`, {
      estimatedCalls: calls, maxCalls: limits.maxCalls, http: { status: 400 },
    });
  }
  return known;
}

export function complexityPlugin(limits: ComplexityLimits): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      let estimatedCalls: number | null = null;
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          // Reported in the response's cost even when over a limit.
          estimatedCalls = estimateOnce(schema, document, operation, request.variables ?? {}).calls;
          checkComplexity(schema, document, operation, request.variables ?? {}, limits);
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const actualCalls = contextValue?.meter?.calls ?? 0;
          const cost: Record<string, unknown> = { estimatedCalls, actualCalls, maxCalls: limits.maxCalls };
          // Like Shopify's throttleStatus: what the connection's Wrike budget holds now, and how fast it refills; with
          // the per-second rate in force (lowered for a while after a 429) beside the configured share.
          const status = await contextValue?.budgetStatus?.().catch(() => undefined);
          if (status) {
            cost.throttleStatus = {
              maximumAvailable: Math.min(status.burst, status.perSecond), currentlyAvailable: Math.min(status.available, status.ratePerSecond),
              restoreRate: Math.min(status.perMinute / 60, status.ratePerSecond), ratePerSecond: status.ratePerSecond, maximumRatePerSecond: status.perSecond,
            };
          }
          result.extensions = { ...result.extensions, cost };
        },
      };
    },
  };
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const out: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) out[definition.name.value] = definition;
  }
  return out;
}
