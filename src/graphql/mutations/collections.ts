import type { CreateCollectionInput, UpdateCollectionInput, UserError } from '../__generated__/resolvers-types';
import * as wrike from '../../wrike/endpoints';
import { encodeFieldInputs } from '../../unified/field-input';
import { folderToCollection, type CollectionModel } from '../../unified/collection';
import type { WrikeFolder } from '../../wrike/types';
import type { GraphQLContext } from '../context';
import { fieldDefinitions } from '../lookups';
import { Problems, fingerprint, idempotencyKeyOf, refusal } from './problems';

function refreshFolder(ctx: GraphQLContext, folder: WrikeFolder): void {
  ctx.loaders.folders.clear(folder.id).prime(folder.id, folder);
  for (const parent of folder.parentIds ?? []) ctx.loaders.folders.clear(parent);
  ctx.loaders.folderTree.reset();
}

async function encodeFields(ctx: GraphQLContext, problems: Problems, inputs: CreateCollectionInput['customFields']) {
  if (!inputs?.length) return [];
  const encoded = encodeFieldInputs(inputs, await fieldDefinitions(ctx.loaders), ['input', 'customFields']);
  problems.add(...encoded.errors);
  await problems.users(ctx, encoded.userIds);
  return encoded.values;
}

export async function createCollection(ctx: GraphQLContext, input: CreateCollectionInput): Promise<{ collection: CollectionModel | null; userErrors: UserError[] }> {
  const problems = new Problems();
  problems.id(input.parentId, ['input', 'parentId']);
  problems.ids(input.ownerIds, ['input', 'ownerIds']);
  problems.text(input.name, ['input', 'name'], { required: true, max: 1000 });
  const isProject = input.type === 'PROJECT';
  if (!isProject && input.ownerIds?.length) problems.add({ field: ['input', 'ownerIds'], message: 'Only projects have owners', code: 'INVALID_VALUE' });
  const key = idempotencyKeyOf(input.idempotencyKey, problems);
  // The checks against Wrike run after local problems too (they skip malformed ids): one answer names them all.
  await problems.inScope(ctx, [{ kind: 'collection', ids: [input.parentId], field: ['input', 'parentId'] }]);
  const customFields = await encodeFields(ctx, problems, input.customFields);
  await problems.users(ctx, [{ ids: input.ownerIds ?? [], field: ['input', 'ownerIds'], indexed: true }]);
  if (problems.any) return { collection: null, userErrors: problems.list };
  let created: WrikeFolder | undefined;
  try {
    const outcome = await ctx.idempotency.run(`${ctx.connectionId}:createCollection`, key, fingerprint(input), {
      write: async () => {
        created = await wrike.createFolder(ctx.wrike, input.parentId, {
          title: input.name,
          description: input.description ?? undefined,
          customFields: customFields.length ? customFields : undefined,
          metadata: [{ key: wrike.IDEMPOTENCY_METADATA_KEY, value: key }],
          project: isProject ? { ownerIds: input.ownerIds?.length ? [...input.ownerIds] : undefined } : undefined,
        });
        return created.id;
      },
      recover: async () => (await wrike.findFoldersByMetadata(ctx.wrike, wrike.IDEMPOTENCY_METADATA_KEY, key))[0]?.id,
    }, { deadline: ctx.deadline });
    const folder = created ?? (await ctx.loaders.folders.load(outcome.id));
    if (!folder) return { collection: null, userErrors: [{ field: ['input'], message: 'The collection created earlier with this key no longer exists', code: 'NOT_FOUND' }] };
    refreshFolder(ctx, folder);
    return { collection: folderToCollection(folder), userErrors: [] };
  } catch (error) {
    return { collection: null, userErrors: refusal(error, key) };
  }
}

export async function updateCollection(ctx: GraphQLContext, input: UpdateCollectionInput) {
  const problems = new Problems();
  problems.id(input.id, ['input', 'id']);
  if (input.name !== undefined) problems.text(input.name, ['input', 'name'], { required: true, max: 1000 });
  await problems.inScope(ctx, [{ kind: 'collection', ids: [input.id], field: ['input', 'id'] }]);
  const customFields = await encodeFields(ctx, problems, input.customFields);
  if (problems.any) return { collection: null, userErrors: problems.list };
  try {
    const folder = await wrike.updateFolder(ctx.wrike, input.id, {
      title: input.name ?? undefined,
      description: input.description ?? undefined,
      customFields: customFields.length ? customFields : undefined,
    });
    refreshFolder(ctx, folder);
    return { collection: folderToCollection(folder), userErrors: [] };
  } catch (error) {
    return { collection: null, userErrors: refusal(error) };
  }
}
