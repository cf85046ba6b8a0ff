import {
  Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { userError } from './errors';

/**
 * Depth and cost limits, checked before anything runs. Cost counts every field once, multiplied by the page sizes
 * of the connections above it (`first`, default 20); `descendants` also by its depth. Introspection is not counted.
 */
export interface ComplexityLimits {
  maxDepth: number;
  maxCost: number;
}

const DEFAULT_FIRST = 20;

function intArg(value: ValueNode | undefined, variables: Record<string, unknown>): number | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

export function measure(
  operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>, variables: Record<string, unknown>,
): { depth: number; cost: number } {
  const walk = (set: SelectionSetNode | undefined, depth: number, trail: string[]): { depth: number; cost: number } => {
    let maxDepth = depth;
    let cost = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const args = Object.fromEntries((selection.arguments ?? []).map((a) => [a.name.value, a.value]));
        const isConnection = 'first' in args || /^(tickets|collections|workspaces|fields|users|groups|subtasks|descendants|comments|attachments|children)$/.test(name);
        let multiplier = isConnection ? Math.max(1, intArg(args.first, variables) ?? DEFAULT_FIRST) : 1;
        if (name === 'descendants') multiplier *= Math.max(1, intArg(args.maxDepth, variables) ?? 10);
        const child = walk(selection.selectionSet, selection.selectionSet ? depth + 1 : depth, trail);
        cost += 1 + multiplier * child.cost;
        maxDepth = Math.max(maxDepth, child.depth);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const child = walk(selection.selectionSet, depth, trail);
        cost += child.cost;
        maxDepth = Math.max(maxDepth, child.depth);
      } else {
        const name = selection.name.value;
        if (trail.includes(name)) continue; // fragment cycles are a validation error anyway
        const child = walk(fragments[name]?.selectionSet, depth, [...trail, name]);
        cost += child.cost;
        maxDepth = Math.max(maxDepth, child.depth);
      }
    }
    return { depth: maxDepth, cost };
  };
  return walk(operation.selectionSet, 0, []);
}

export function complexityPlugin(limits: ComplexityLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const fragments = fragmentsOf(document);
          const { depth, cost } = measure(operation, fragments, request.variables ?? {});
          if (depth > limits.maxDepth) {
            throw userError('QUERY_TOO_COMPLEX', `Query depth ${depth} is over the limit of ${limits.maxDepth}`, { depth, maxDepth: limits.maxDepth, http: { status: 400 } });
          }
          if (cost > limits.maxCost) {
            throw userError('QUERY_TOO_COMPLEX', `Query cost ${cost} is over the limit of ${limits.maxCost}; ask for smaller pages`, { cost, maxCost: limits.maxCost, http: { status: 400 } });
          }
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
