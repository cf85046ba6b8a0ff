import {
  Kind, buildASTSchema, getNamedType, isCompositeType, isInterfaceType, isListType, isNonNullType, isObjectType, parse,
  valueFromASTUntyped, type ConstDirectiveNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLNamedType,
  type GraphQLSchema, type SelectionSetNode,
} from 'graphql';

/**
 * A router's static cost estimate over a composed supergraph, as Apollo Router's demand control computes it (the
 * IBM GraphQL cost directives): every object costs 1, a scalar or enum 0, a field's `@cost(weight)` replaces its
 * type's weight; a list multiplies the cost of what it holds by its size: the value of a `@listSize` slicing argument,
 * else its `assumedSize`, else the router's `list_size`; a connection's size applies to its `sizedFields`. Fragments
 * on every type are all counted (the upper bound). Queries only.
 */
export function supergraphSchema(supergraphSdl: string): GraphQLSchema {
  return buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
}

const argumentOf = (directive: ConstDirectiveNode | undefined, name: string) => {
  const arg = directive?.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value) : undefined;
};

export function routerCost(schema: GraphQLSchema, query: string, variables: Record<string, unknown> = {}, defaultListSize = 20): number {
  const document = parse(query);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');

  const directive = (field: GraphQLField<unknown, unknown>, name: string) => field.astNode?.directives?.find((d) => d.name.value === name);
  const sizeOf = (field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | undefined => {
    const listSize = directive(field, 'listSize');
    if (!listSize) return undefined;
    const slicing = (argumentOf(listSize, 'slicingArguments') as string[] | undefined) ?? [];
    const given = slicing.map((name) => args[name]).filter((v): v is number => typeof v === 'number');
    if (given.length > 0) return Math.max(...given);
    const assumed = argumentOf(listSize, 'assumedSize');
    return typeof assumed === 'number' ? assumed : undefined;
  };

  const cost = (set: SelectionSetNode | undefined, type: GraphQLNamedType | undefined, sized: Map<string, number>): number => {
    let total = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const narrowed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) ?? type : type;
        total += cost(selection.selectionSet, narrowed, sized);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (fragment) total += cost(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? type, sized);
        continue;
      }
      if (selection.name.value.startsWith('__')) continue;
      const field = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[selection.name.value] : undefined;
      if (!field) continue;
      const args: Record<string, unknown> = {};
      for (const arg of selection.arguments ?? []) args[arg.name.value] = valueFromASTUntyped(arg.value, variables);
      const named = getNamedType(field.type);
      const inner = isNonNullType(field.type) ? field.type.ofType : field.type;
      const size = sizeOf(field, args);
      const sizedFields = (argumentOf(directive(field, 'listSize'), 'sizedFields') as string[] | undefined) ?? [];
      const childSized = new Map(sizedFields.map((name) => [name, size ?? defaultListSize]));
      const instances = isListType(inner) ? (sized.get(field.name) ?? (sizedFields.length === 0 ? size : undefined) ?? defaultListSize) : 1;
      const weight = argumentOf(directive(field, 'cost'), 'weight');
      const own = typeof weight === 'number' ? weight : isCompositeType(named) ? 1 : 0;
      total += instances * (own + cost(selection.selectionSet, named, childSized));
    }
    return total;
  };

  if (operation.operation !== 'query') throw new Error('only queries are priced here');
  return cost(operation.selectionSet, schema.getQueryType() ?? undefined, new Map());
}
