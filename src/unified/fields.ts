import type { WrikeCustomField, WrikeCustomFieldValue } from '../wrike/types';
import { isCalendarDate } from './dates';

/** Custom-field definitions and typed values. Wrike stores every value as text; this turns it into typed values. */

export type FieldType =
  | 'TEXT' | 'NUMBER' | 'CURRENCY' | 'PERCENTAGE' | 'DURATION' | 'DATE' | 'CHECKBOX' | 'DROPDOWN' | 'MULTI_SELECT' | 'USER'
  | 'OTHER';

const FIELD_TYPE: Record<string, FieldType> = {
  Text: 'TEXT', Numeric: 'NUMBER', Currency: 'CURRENCY', Percentage: 'PERCENTAGE', Duration: 'DURATION', Date: 'DATE',
  Checkbox: 'CHECKBOX', DropDown: 'DROPDOWN', Multiple: 'MULTI_SELECT', Contacts: 'USER',
};

export interface FieldModel {
  id: string;
  name: string;
  type: FieldType;
  options: string[];
  isUserDefined: boolean;
  currency: string | null;
  decimalPlaces: number | null;
  /** DROPDOWN/MULTI_SELECT: whether values outside `options` are accepted (Wrike's allowOtherValues, default true). */
  allowsOtherValues: boolean;
  /** Wrike's own type name (kept for OTHER). */
  wrikeType: string;
}

/**
 * Unknown Wrike types (added after this was written) are OTHER: they still show, as raw text, and are never taken
 * for TEXT (which would look writable). Currency and read-only-ness are what the definition says, nothing invented.
 */
export function fieldModel(field: WrikeCustomField): FieldModel {
  const settings = field.settings ?? {};
  const options = settings.values ?? settings.options?.map((o) => o.value) ?? [];
  const type = FIELD_TYPE[field.type] ?? 'OTHER';
  return {
    id: field.id,
    name: field.title,
    type,
    options,
    isUserDefined: settings.readOnly !== true,
    wrikeType: String(field.type),
    currency: type === 'CURRENCY' && typeof settings.currency === 'string' ? settings.currency : null,
    decimalPlaces: typeof settings.decimalPlaces === 'number' ? settings.decimalPlaces : null,
    allowsOtherValues: settings.allowOtherValues !== false,
  };
}

interface Base {
  field: FieldModel;
  rawValue: string;
}

export type FieldValueModel =
  | (Base & { __typename: 'TextFieldValue'; text: string })
  | (Base & { __typename: 'NumberFieldValue'; number: number | null; currency: string | null })
  | (Base & { __typename: 'DurationFieldValue'; minutes: number | null })
  | (Base & { __typename: 'DateFieldValue'; date: string | null })
  | (Base & { __typename: 'CheckboxFieldValue'; checked: boolean | null })
  | (Base & { __typename: 'DropdownFieldValue'; option: string | null })
  | (Base & { __typename: 'MultiSelectFieldValue'; options: string[] })
  | (Base & { __typename: 'UserFieldValue'; userIds: string[] })
  | (Base & { __typename: 'OtherFieldValue'; wrikeType: string });

const NUMBER = /^-?\d+(\.\d+)?$/;
const CONTACT_ID = /^[A-Za-z0-9]{1,64}$/;

function splitList(raw: string): string[] {
  return raw.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}

/**
 * A multi-select value, stored comma-separated: split at the commas that lie between the field's options, so that an
 * option containing a comma ("Red, dark") survives. Text that matches no option is split at its commas.
 */
export function splitOptions(raw: string, options: readonly string[]): string[] {
  const byLength = [...options].sort((a, b) => b.length - a.length);
  const out: string[] = [];
  let rest = raw.trim();
  while (rest.length > 0) {
    const option = byLength.find((o) => o.length > 0 && rest.startsWith(o) && (rest.length === o.length || /^\s*,/.test(rest.slice(o.length))));
    const part = option ?? (rest.includes(',') ? rest.slice(0, rest.indexOf(',')) : rest);
    if (part.trim().length > 0) out.push(part.trim());
    rest = rest.slice(part.length).replace(/^\s*,\s*/, '');
  }
  return out;
}

/**
 * A stored value typed by its field. A value that does not parse keeps its rawValue and gets a null typed value;
 * it never throws.
 */
export function fieldValue(field: FieldModel, rawValue: string): FieldValueModel {
  const base = { field, rawValue };
  const raw = rawValue.trim();
  switch (field.type) {
    case 'NUMBER':
    case 'CURRENCY':
    case 'PERCENTAGE':
      return { ...base, __typename: 'NumberFieldValue', number: NUMBER.test(raw) ? Number(raw) : null, currency: field.currency };
    case 'DURATION':
      return { ...base, __typename: 'DurationFieldValue', minutes: NUMBER.test(raw) ? Math.round(Number(raw)) : null };
    case 'DATE': {
      const day = raw.slice(0, 10);
      return { ...base, __typename: 'DateFieldValue', date: isCalendarDate(day) ? day : null };
    }
    case 'CHECKBOX':
      return { ...base, __typename: 'CheckboxFieldValue', checked: raw === 'true' ? true : raw === 'false' ? false : null };
    case 'DROPDOWN':
      return { ...base, __typename: 'DropdownFieldValue', option: raw.length > 0 ? raw : null };
    case 'MULTI_SELECT':
      return { ...base, __typename: 'MultiSelectFieldValue', options: splitOptions(raw, field.options) };
    case 'USER':
      return { ...base, __typename: 'UserFieldValue', userIds: splitList(raw).filter((id) => CONTACT_ID.test(id)) };
    case 'OTHER':
      return { ...base, __typename: 'OtherFieldValue', wrikeType: field.wrikeType };
    default:
      return { ...base, __typename: 'TextFieldValue', text: rawValue };
  }
}

/** The set values of an entity, typed; values of fields the definitions do not know are left out. */
export function fieldValues(values: WrikeCustomFieldValue[] | undefined, definitions: Map<string, FieldModel>): FieldValueModel[] {
  return (values ?? []).flatMap((value) => {
    const field = definitions.get(value.id);
    return field && typeof value.value === 'string' && value.value !== '' ? [fieldValue(field, value.value)] : [];
  });
}
