import type { WrikeLoaders } from '../wrike/loaders';
import type { WrikeCustomFieldValue } from '../wrike/types';
import { fieldModel, fieldValues, type FieldModel, type FieldValueModel } from '../unified/fields';

/** Custom-field definitions by id, fetched once per request. */
export async function fieldDefinitions(loaders: WrikeLoaders): Promise<Map<string, FieldModel>> {
  const fields = await loaders.customFields();
  return new Map(fields.map((field) => [field.id, fieldModel(field)]));
}

export async function typedFieldValues(values: WrikeCustomFieldValue[] | undefined, loaders: WrikeLoaders): Promise<FieldValueModel[]> {
  if (!values || values.length === 0) return [];
  return fieldValues(values, await fieldDefinitions(loaders));
}
