import type DataLoader from 'dataloader';
import type { WrikeLoaders } from '../wrike/loaders';
import type { WrikeCustomFieldValue, WrikeTask } from '../wrike/types';
import { contactToUser, type UnifiedUser } from '../unified/user';
import { fieldModel, fieldValues, type FieldModel, type FieldValueModel } from '../unified/fields';
import { indexFolderTree, spaceOfFolder, spaceToWorkspace, type WorkspaceModel } from '../unified/collection';

/**
 * The lookups resolvers share: entities by id through the request's loaders. A failed Wrike call is thrown (it
 * becomes an error on the field that needed it); only "this entity does not exist" becomes null or a left-out item.
 */

/** Loads every id; throws the first failure; unknown ids are null, in order. */
export async function loadAll<T>(loader: DataLoader<string, T | null>, ids: readonly string[]): Promise<(T | null)[]> {
  const results = await loader.loadMany(ids);
  const failed = results.find((r): r is Error => r instanceof Error);
  if (failed) throw failed;
  return results as (T | null)[];
}

/**
 * A task in Wrike's Recycle Bin is a deleted ticket everywhere: null by id and as a reference, and left out of
 * parents, ancestors, sub-tasks, descendants and Comment.ticket.
 */
export function liveTask(task: WrikeTask | null | undefined): WrikeTask | null {
  return task && task.scope !== 'RbTask' ? task : null;
}

/** Tasks by id (full models), in order; deleted and unknown ones are null. */
export async function tasksByIds(ids: readonly string[], loaders: WrikeLoaders): Promise<(WrikeTask | null)[]> {
  return (await loadAll(loaders.tasks, ids)).map(liveTask);
}

export async function taskById(id: string, loaders: WrikeLoaders): Promise<WrikeTask | null> {
  return liveTask(await loaders.tasks.load(id));
}

// --- People ------------------------------------------------------------------------------------------------------

/** Users by contact id, in order, through the batched loader; unknown ids and groups are left out. */
export async function usersByIds(ids: readonly string[] | undefined, loaders: WrikeLoaders): Promise<UnifiedUser[]> {
  if (!ids || ids.length === 0) return [];
  const [contacts, accountId] = await Promise.all([loadAll(loaders.contacts, [...new Set(ids)]), loaders.accountId()]);
  return contacts.flatMap((contact) => (contact && contact.type === 'Person' ? [contactToUser(contact, accountId)] : []));
}

export async function userById(id: string | undefined, loaders: WrikeLoaders): Promise<UnifiedUser | null> {
  if (!id) return null;
  const [contact, accountId] = await Promise.all([loaders.contacts.load(id), loaders.accountId()]);
  return contact && contact.type === 'Person' ? contactToUser(contact, accountId) : null;
}

// --- Workspaces --------------------------------------------------------------------------------------------------

/** A workspace by its space id, from the request's spaces list (fetched once per request). */
export async function workspaceById(id: string, loaders: WrikeLoaders): Promise<WorkspaceModel | null> {
  const space = (await loaders.spaces()).find((s) => s.id === id);
  return space ? spaceToWorkspace(space) : null;
}

/** The workspace the first of these folders that lies in a space belongs to, found through the folder tree. */
export async function workspaceOfFolders(folderIds: readonly string[], loaders: WrikeLoaders): Promise<WorkspaceModel | null> {
  if (folderIds.length === 0) return null;
  const [tree, spaces] = await Promise.all([loaders.folderTree(), loaders.spaces()]);
  const index = indexFolderTree(tree);
  const spaceId = folderIds.map((id) => spaceOfFolder(index, id)).find((id) => id !== null);
  const space = spaceId ? spaces.find((s) => s.id === spaceId) : undefined;
  return space ? spaceToWorkspace(space) : null;
}

// --- Custom fields -----------------------------------------------------------------------------------------------

/** Custom-field definitions by id, fetched once per request. */
export async function fieldDefinitions(loaders: WrikeLoaders): Promise<Map<string, FieldModel>> {
  const fields = await loaders.customFields();
  return new Map(fields.map((field) => [field.id, fieldModel(field)]));
}

export async function typedFieldValues(values: WrikeCustomFieldValue[] | undefined, loaders: WrikeLoaders): Promise<FieldValueModel[]> {
  if (!values || values.length === 0) return [];
  return fieldValues(values, await fieldDefinitions(loaders));
}
