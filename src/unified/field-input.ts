import type { FieldModel } from './fields';
import { isCalendarDate } from './dates';

/**
 * Custom-field writes: each input value is checked against its field's definition and turned into Wrike's string
 * encoding. Pure; the caller decides what to do with errors (any error rejects the whole mutation).
 */
export interface FieldInput {
  fieldId: string;
  value?: unknown;
}

/** A problem with one input field (the GraphQL layer answers it as a UserError). */
export interface FieldInputProblem {
  field: string[];
  message: string;
  code: string;
}

export interface EncodedField {
  id: string;
  /** Wrike's text encoding; null clears the value. */
  value: string | null;
}

const ID = /^[A-Za-z0-9]{1,64}$/;
const MAX_TEXT = 2000;

/** A decimal string without exponent, or an error message. */
function decimal(value: unknown, decimalPlaces: number | null): string | { error: string } {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(n)) return { error: 'must be a number' };
  if (Math.abs(n) >= 1e15) return { error: 'is too large' };
  const places = decimalPlaces ?? 2;
  const rounded = Number(n.toFixed(Math.min(places, 10)));
  if (Math.abs(rounded - n) > 1e-9) return { error: `has more than ${places} decimal places` };
  const text = String(rounded);
  return /e/i.test(text) ? { error: 'is too small' } : text;
}

function encodeOne(field: FieldModel, value: unknown): string | { error: string; code?: string } {
  switch (field.type) {
    case 'TEXT':
      if (typeof value !== 'string') return { error: 'must be a string' };
      return value.length > MAX_TEXT ? { error: `must be at most ${MAX_TEXT} characters`, code: 'TOO_LARGE' } : value;
    case 'NUMBER':
    case 'CURRENCY':
    case 'PERCENTAGE':
      return decimal(value, field.decimalPlaces);
    case 'DURATION':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 1e9 ? String(value) : { error: 'must be a whole number of minutes, 0 or more' };
    case 'DATE':
      return typeof value === 'string' && isCalendarDate(value) ? value : { error: 'must be a date yyyy-MM-dd' };
    case 'CHECKBOX':
      return typeof value === 'boolean' ? String(value) : { error: 'must be true or false' };
    case 'DROPDOWN':
      if (typeof value !== 'string' || value.length === 0) return { error: 'must be one of the options' };
      if (!field.allowsOtherValues && !field.options.includes(value)) return { error: `must be one of: ${field.options.join(', ')}` };
      return value.length > MAX_TEXT ? { error: `must be at most ${MAX_TEXT} characters`, code: 'TOO_LARGE' } : value;
    case 'MULTI_SELECT': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.length === 0)) return { error: 'must be a list of options' };
      const options = [...new Set(value as string[])];
      const outside = options.filter((o) => !field.options.includes(o));
      if (!field.allowsOtherValues && outside.length > 0) return { error: `has values that are not options: ${outside.join(', ')}` };
      // Wrike stores the list comma-separated: an option of the field may hold a comma (reads split at the options),
      // a value outside the options may not.
      if (outside.some((o) => o.includes(','))) return { error: 'values outside the options cannot contain commas' };
      return options.join(',');
    }
    case 'USER': {
      const ids = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || !ID.test(id))) return { error: 'must be a list of user ids' };
      return [...new Set(ids as string[])].join(',');
    }
    case 'OTHER':
      return { error: `has a Wrike type (${field.wrikeType}) this service cannot write`, code: 'NOT_WRITABLE' };
  }
}

/**
 * Checks every input against the definitions (`path` is where the list sits in the mutation input). Returns the
 * encoded values and the errors; USER values are returned in `userIds` for the caller to check they exist.
 */
export function encodeFieldInputs(
  inputs: readonly FieldInput[] | null | undefined, definitions: Map<string, FieldModel>, path: string[],
): { values: EncodedField[]; errors: FieldInputProblem[]; userIds: { ids: string[]; field: string[] }[] } {
  const values: EncodedField[] = [];
  const errors: FieldInputProblem[] = [];
  const userIds: { ids: string[]; field: string[] }[] = [];
  const seen = new Set<string>();
  (inputs ?? []).forEach((input, index) => {
    const at = [...path, String(index)];
    const field = definitions.get(input.fieldId);
    if (!field) {
      errors.push({ field: [...at, 'fieldId'], message: `No custom field '${input.fieldId.slice(0, 64)}' in this account`, code: 'UNKNOWN_FIELD' });
      return;
    }
    if (seen.has(field.id)) {
      errors.push({ field: [...at, 'fieldId'], message: `${field.name} is given more than once`, code: 'INVALID_VALUE' });
      return;
    }
    seen.add(field.id);
    if (input.value === null || input.value === undefined) {
      values.push({ id: field.id, value: null });
      return;
    }
    const encoded = encodeOne(field, input.value);
    if (typeof encoded !== 'string') {
      errors.push({ field: [...at, 'value'], message: `${field.name} (${field.type}) ${encoded.error}`, code: encoded.code ?? 'INVALID_VALUE' });
      return;
    }
    if (field.type === 'USER') userIds.push({ ids: encoded.split(','), field: [...at, 'value'] });
    values.push({ id: field.id, value: encoded });
  });
  return { values, errors, userIds };
}
