import {
  Kind, getNamedType, isCompositeType, isListType, isNonNullType, isObjectType, parse, print, type ConstDirectiveNode,
  type GraphQLField, type GraphQLSchema, type GraphQLType,
} from 'graphql';
import { ASSUMED_FANOUT, COST_RULES, ENTITY_COST, type FieldArgs } from './cost-rules';
import { DEFAULT_PAGE_SIZE } from './pagination';
import { DEFAULT_DESCENDANT_DEPTH } from './limits';
import { WRIKE_BATCH_LIMIT } from '../wrike/batch';

/**
 * The demand-control directives (`@cost`, `@listSize`) a router's static cost estimate reads, derived from the same
 * rules as our own estimate (cost-rules.ts), so that the two cannot drift: test/federation/demand-control.test.ts
 * fails when schema/ says anything else, and `npm run cost-directives` writes them.
 *
 * - A router counts every object as 1. A by-id Wrike call brings up to 100 of them, so a call weighs CALL_WEIGHT
 *   (100) objects, and a router's cost over CALL_WEIGHT reads roughly as Wrike calls. Loads by id batch across
 *   parents: they are the objects the router already counts, no weight.
 * - What batching does not absorb weighs CALL_WEIGHT a call, spread over the field's items: the calls a field makes
 *   per parent (a rule's `calls`: ticket lists, per-ticket comments and attachments, `me`, time logs) and the
 *   rounds a walk adds one after the other (descendants, ancestors, dependencies, followers).
 * - A connection with `first` is sized by it (`nodes`, `edges`; 20 when absent) unless its rule caps it (sub-tasks
 *   and children at ASSUMED_FANOUT), then it is assumed that wide.
 * - An id list with a rule is as long as the rule loads for one parent (assignees 1, ancestors one a level), or
 *   ASSUMED_FANOUT for the account-wide lists (statuses, roles, custom-field values).
 */
export const CALL_WEIGHT = WRIKE_BATCH_LIMIT;

export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
  requireOneSlicingArgument?: boolean;
}

export interface DemandDirectives {
  cost?: number;
  listSize?: ListSize;
}

const defaults = (first = DEFAULT_PAGE_SIZE): FieldArgs => ({ first, maxDepth: DEFAULT_DESCENDANT_DEPTH, scans: false, counts: false, ticketIds: 0, input: {} });

const isConnection = (type: GraphQLType) => {
  const named = getNamedType(type);
  return isObjectType(named) && 'nodes' in named.getFields() && 'edges' in named.getFields();
};
const isCompositeList = (type: GraphQLType) => {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner) && isCompositeType(getNamedType(inner));
};

/** What one field's directives must be (nothing: no directive). */
export function expectedDirectives(typeName: string, field: GraphQLField<unknown, unknown>): DemandDirectives {
  const rule = COST_RULES[`${typeName}.${field.name}`];
  const out: DemandDirectives = {};
  const one = rule?.(1, defaults());
  let instances = 1;
  if (isConnection(field.type) && field.args.some((arg) => arg.name === 'first')) {
    const wide = rule?.(1, defaults(100)).children ?? 100;
    out.listSize = wide >= 100
      ? { assumedSize: DEFAULT_PAGE_SIZE, slicingArguments: ['first'], sizedFields: ['nodes', 'edges'], requireOneSlicingArgument: false }
      : { assumedSize: wide, sizedFields: ['nodes', 'edges'] };
  } else if (one && isCompositeList(field.type)) {
    // As many as the rule loads of the element's own kind for one parent (ancestors: one a level); else a fan-out.
    const loader = ENTITY_COST[getNamedType(field.type).name]?.loader;
    const own = (one.byId ?? []).filter((load) => load.loader === loader).reduce((n, load) => n + load.ids, 0);
    instances = own > 0 ? own : ASSUMED_FANOUT;
    out.listSize = { assumedSize: instances };
  }
  // Calls for one parent that batching across parents does not absorb: its own calls, and the rounds its walk adds.
  const rounds = new Set((one?.byId ?? []).map((load) => load.level ?? 0)).size;
  const calls = (one?.calls ?? 0) + Math.max(0, rounds - 1);
  if (calls > 0) out.cost = Math.ceil((calls * CALL_WEIGHT) / instances);
  return out;
}

/** Every field of the schema's object types (not Mutation or Subscription: routers price those themselves) that needs directives. */
export function expectedSchemaDirectives(schema: GraphQLSchema): Map<string, DemandDirectives> {
  const out = new Map<string, DemandDirectives>();
  const skip = new Set([schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('_') || skip.has(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.name.startsWith('_')) continue;
      const directives = expectedDirectives(type.name, field);
      if (directives.cost !== undefined || directives.listSize) out.set(`${type.name}.${field.name}`, directives);
    }
  }
  return out;
}

/** The directives as SDL text, in a fixed order (what `npm run cost-directives` writes after a field). */
export function directiveText({ cost, listSize }: DemandDirectives): string {
  const parts: string[] = [];
  if (listSize) {
    const args: string[] = [];
    if (listSize.assumedSize !== undefined) args.push(`assumedSize: ${listSize.assumedSize}`);
    if (listSize.slicingArguments) args.push(`slicingArguments: ${JSON.stringify(listSize.slicingArguments)}`);
    if (listSize.sizedFields) args.push(`sizedFields: ${JSON.stringify(listSize.sizedFields)}`);
    if (listSize.requireOneSlicingArgument !== undefined) args.push(`requireOneSlicingArgument: ${listSize.requireOneSlicingArgument}`);
    parts.push(`@listSize(${args.join(', ')})`);
  }
  if (cost !== undefined) parts.push(`@cost(weight: ${cost})`);
  return parts.join(' ');
}

/** The `@cost` and `@listSize` each field of an SDL text carries, by `Type.field`. */
export function declaredDirectives(sdl: string): Map<string, DemandDirectives> {
  const out = new Map<string, DemandDirectives>();
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      const found: DemandDirectives = {};
      for (const directive of field.directives ?? []) {
        if (directive.name.value === 'cost') found.cost = Number(argument(directive, 'weight'));
        if (directive.name.value === 'listSize') {
          const listSize: ListSize = {};
          const assumed = argument(directive, 'assumedSize');
          if (assumed !== undefined) listSize.assumedSize = Number(assumed);
          const slicing = argument(directive, 'slicingArguments');
          if (slicing !== undefined) listSize.slicingArguments = JSON.parse(slicing) as string[];
          const sized = argument(directive, 'sizedFields');
          if (sized !== undefined) listSize.sizedFields = JSON.parse(sized) as string[];
          const require = argument(directive, 'requireOneSlicingArgument');
          if (require !== undefined) listSize.requireOneSlicingArgument = require === 'true';
          found.listSize = listSize;
        }
      }
      if (found.cost !== undefined || found.listSize) out.set(`${definition.name.value}.${field.name.value}`, found);
    }
  }
  return out;
}

function argument(directive: ConstDirectiveNode, name: string): string | undefined {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg ? print(arg.value) : undefined;
}
