import { encodeFieldInputs } from '../../src/unified/field-input';
import { fieldModel } from '../../src/unified/fields';

const defs = new Map(
  ([
    ['TXT', 'Text', {}], ['NUM', 'Numeric', { decimalPlaces: 0 }], ['CUR', 'Currency', { decimalPlaces: 2 }], ['PCT', 'Percentage', {}],
    ['DUR', 'Duration', {}], ['DAT', 'Date', {}], ['CHK', 'Checkbox', {}], ['DRP', 'DropDown', { values: ['Approved', 'Rejected'], allowOtherValues: false }],
    ['OPEN', 'DropDown', { values: ['A'] }], ['MUL', 'Multiple', { values: ['iOS', 'Web'], allowOtherValues: false }], ['USR', 'Contacts', {}],
  ] as [string, string, Record<string, unknown>][]).map(([id, type, settings]) => [id, fieldModel({ id, title: id, type, settings })]),
);
const path = ['input', 'customFields'];
const one = (fieldId: string, value: unknown) => encodeFieldInputs([{ fieldId, value }], defs, path);

describe('encodeFieldInputs', () => {
  it.each([
    ['TXT', 'Initech', 'Initech'], ['NUM', 8, '8'], ['NUM', '13', '13'], ['CUR', 1250.5, '1250.5'], ['PCT', 75, '75'], ['DUR', 480, '480'],
    ['DAT', '2026-12-31', '2026-12-31'], ['CHK', true, 'true'], ['CHK', false, 'false'], ['DRP', 'Approved', 'Approved'],
    ['OPEN', 'Something else', 'Something else'], ['MUL', ['Web', 'iOS', 'Web'], 'Web,iOS'], ['USR', ['KUAAAAAB', 'KUAAAAAC'], 'KUAAAAAB,KUAAAAAC'],
  ])('encodes %s = %j as %j', (fieldId, value, encoded) => {
    const result = one(fieldId, value);
    expect(result.errors).toEqual([]);
    expect(result.values).toEqual([{ id: fieldId, value: encoded }]);
  });

  it('clears with null', () => {
    expect(one('NUM', null).values).toEqual([{ id: 'NUM', value: null }]);
  });

  it.each([
    ['TXT', 5], ['TXT', 'x'.repeat(2001)], ['NUM', 'eight'], ['NUM', 1.5], ['NUM', Infinity], ['CUR', 1.234], ['NUM', 1e20], ['DUR', -5], ['DUR', 1.5],
    ['DAT', '31/12/2026'], ['DAT', '2026-02-30'], ['CHK', 'true'], ['DRP', 'Maybe'], ['DRP', ''], ['MUL', 'iOS'], ['MUL', ['Android']],
    ['USR', ['../x']], ['USR', 42],
  ])('refuses %s = %j, naming the input path', (fieldId, value) => {
    const result = one(fieldId, value);
    expect(result.values).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.field).toEqual(['input', 'customFields', '0', 'value']);
  });

  it('refuses unknown fields and duplicates, and reports every error at once', () => {
    const result = encodeFieldInputs([{ fieldId: 'NOPE', value: 1 }, { fieldId: 'NUM', value: 1 }, { fieldId: 'NUM', value: 2 }, { fieldId: 'CHK', value: 'x' }], defs, path);
    expect(result.errors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['input.customFields.0.fieldId', 'UNKNOWN_FIELD'], ['input.customFields.2.fieldId', 'INVALID_VALUE'], ['input.customFields.3.value', 'INVALID_VALUE'],
    ]);
  });

  it('hands USER ids back for an existence check', () => {
    expect(one('USR', ['KUAAAAAB']).userIds).toEqual([{ ids: ['KUAAAAAB'], field: ['input', 'customFields', '0', 'value'] }]);
  });
});
