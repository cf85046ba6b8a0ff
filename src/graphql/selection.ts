import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The field names a query selects on the nodes of a connection (`nodes { … }` and `edges { node { … } }`),
 * through fragments. Used to ask Wrike for exactly the optional fields the query needs.
 */
export function selectedNodeFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<string> {
  const out = new Set<string>();
  for (const field of info.fieldNodes) {
    for (const child of fieldsOf(field.selectionSet, info.fragments)) {
      if (child.name.value === 'nodes') collect(child.selectionSet, info.fragments, out);
      if (child.name.value === 'edges') {
        for (const edgeField of fieldsOf(child.selectionSet, info.fragments)) {
          if (edgeField.name.value === 'node') collect(edgeField.selectionSet, info.fragments, out);
        }
      }
    }
  }
  return out;
}

/** The field names selected directly on a single object field (e.g. `ticket(id) { … }`). */
export function selectedFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<string> {
  const out = new Set<string>();
  for (const field of info.fieldNodes) collect(field.selectionSet, info.fragments, out);
  return out;
}

function collect(selectionSet: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, out: Set<string>): void {
  for (const field of fieldsOf(selectionSet, fragments)) out.add(field.name.value);
}

function fieldsOf(selectionSet: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  if (!selectionSet) return [];
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    if (seen.has(name)) return [];
    seen.add(name);
    return fieldsOf(fragments[name]?.selectionSet, fragments, seen);
  });
}

/** True when the field's selection asks for `name` directly (e.g. a connection's `totalCount`). */
export function selectsField(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, name: string): boolean {
  return selectedFields(info).has(name);
}
