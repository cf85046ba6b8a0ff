import { fieldModel, fieldValue, fieldValues } from '../../src/unified/fields';
import type { WrikeCustomField } from '../../src/wrike/types';

// Shaped like Wrike's custom-field model (documentation example and the sandbox's seed).
const def = (type: string, settings: WrikeCustomField['settings'] = {}): WrikeCustomField => ({ id: 'IEAAAAAQJUAAAAAX', accountId: 'IEAAAAAQ', title: `A ${type}`, type, settings });

describe('fieldModel', () => {
  it.each([
    ['Text', 'TEXT'], ['Numeric', 'NUMBER'], ['Currency', 'CURRENCY'], ['Percentage', 'PERCENTAGE'], ['Duration', 'DURATION'],
    ['Date', 'DATE'], ['Checkbox', 'CHECKBOX'], ['DropDown', 'DROPDOWN'], ['Multiple', 'MULTI_SELECT'], ['Contacts', 'USER'],
    ['SomethingNew', 'OTHER'],
  ])('maps Wrike type %s to %s', (wrike, unified) => {
    expect(fieldModel(def(wrike)).type).toBe(unified);
  });

  it('reads options and currency', () => {
    expect(fieldModel(def('DropDown', { values: ['A', 'B'] })).options).toEqual(['A', 'B']);
    expect(fieldModel(def('Multiple', { options: [{ value: 'X' }] })).options).toEqual(['X']);
    expect(fieldModel(def('Currency', { currency: 'EUR', decimalPlaces: 2 }))).toMatchObject({ currency: 'EUR', decimalPlaces: 2 });
    // No invented currency: what the definition says, or null.
    expect(fieldModel(def('Currency')).currency).toBeNull();
  });

  it('takes isUserDefined from the definition (read-only fields are managed by Wrike or an app)', () => {
    expect(fieldModel(def('Text')).isUserDefined).toBe(true);
    expect(fieldModel(def('Text', { readOnly: true })).isUserDefined).toBe(false);
  });
});

describe('fieldValue', () => {
  const typed = (type: string, raw: string) => fieldValue(fieldModel(def(type)), raw) as unknown as Record<string, unknown>;

  it('types well-formed values', () => {
    expect(typed('Numeric', '13')).toMatchObject({ __typename: 'NumberFieldValue', number: 13 });
    expect(fieldValue(fieldModel(def('Currency', { currency: 'USD' })), '-1250.50')).toMatchObject({ number: -1250.5, currency: 'USD' });
    expect(typed('Duration', '480')).toMatchObject({ __typename: 'DurationFieldValue', minutes: 480 });
    expect(typed('Date', '2026-03-14')).toMatchObject({ __typename: 'DateFieldValue', date: '2026-03-14' });
    expect(typed('Checkbox', 'true')).toMatchObject({ checked: true });
    expect(typed('Checkbox', 'false')).toMatchObject({ checked: false });
    expect(typed('DropDown', 'Major')).toMatchObject({ option: 'Major' });
    expect(typed('Multiple', 'iOS, Web,')).toMatchObject({ options: ['iOS', 'Web'] });
    expect(typed('Contacts', 'KUAAAAAB,KUAAAAAC')).toMatchObject({ __typename: 'UserFieldValue', userIds: ['KUAAAAAB', 'KUAAAAAC'] });
    expect(typed('Text', '  keep spaces ')).toMatchObject({ text: '  keep spaces ' });
  });

  it('reads an unknown type as OtherFieldValue with the raw text, never as TEXT', () => {
    expect(typed('Formula', '=1+1')).toMatchObject({ __typename: 'OtherFieldValue', rawValue: '=1+1', wrikeType: 'Formula' });
  });

  it('keeps multi-select options that contain a comma', () => {
    const field = fieldModel(def('Multiple', { values: ['Red, dark', 'Blue', 'Red'] }));
    expect(fieldValue(field, 'Red, dark,Blue')).toMatchObject({ options: ['Red, dark', 'Blue'] });
    expect(fieldValue(field, 'Red,Red, dark')).toMatchObject({ options: ['Red', 'Red, dark'] });
    expect(fieldValue(field, 'Blue, Other')).toMatchObject({ options: ['Blue', 'Other'] });
  });

  it('keeps malformed values as rawValue with a null typed value, never throwing', () => {
    expect(typed('Numeric', 'about 5')).toMatchObject({ number: null, rawValue: 'about 5' });
    expect(typed('Currency', '$1,200')).toMatchObject({ number: null });
    expect(typed('Date', 'next week')).toMatchObject({ date: null });
    expect(typed('Date', '2026-02-30')).toMatchObject({ date: null });
    expect(typed('Checkbox', 'maybe')).toMatchObject({ checked: null });
    expect(typed('Contacts', '../etc,KUAAAAAB')).toMatchObject({ userIds: ['KUAAAAAB'] });
  });

  it('lists set values only, and skips values of unknown fields', () => {
    const defs = new Map([['F1', fieldModel({ ...def('Text'), id: 'F1' })]]);
    expect(fieldValues([{ id: 'F1', value: 'x' }, { id: 'F2', value: 'y' }, { id: 'F1', value: '' }], defs)).toHaveLength(1);
    expect(fieldValues(undefined, defs)).toEqual([]);
  });
});
