import { list, obj, objList, bool, int } from '../../src/sandbox/params';

describe('sandbox parameter parsing (Wrike conventions)', () => {
  it('reads arrays as JSON, unquoted brackets or CSV', () => {
    expect(list({ f: '["a","b"]' }, 'f')).toEqual(['a', 'b']);
    expect(list({ f: '[a, b]' }, 'f')).toEqual(['a', 'b']);
    expect(list({ f: "['a','b']" }, 'f')).toEqual(['a', 'b']);
    expect(list({ f: 'a,b' }, 'f')).toEqual(['a', 'b']);
    expect(list({ f: ['a', 'b'] }, 'f')).toEqual(['a', 'b']);
    expect(list({}, 'f')).toBeUndefined();
  });

  it('reads objects from JSON text or JSON bodies, and refuses anything else', () => {
    expect(obj({ d: '{"start":"2026-01-01"}' }, 'd')).toEqual({ start: '2026-01-01' });
    expect(obj({ d: { start: 'x' } }, 'd')).toEqual({ start: 'x' });
    expect(() => obj({ d: 'start=2026' }, 'd')).toThrow(/JSON object/);
    expect(objList({ c: '[{"id":"A","value":"1"}]' }, 'c')).toEqual([{ id: 'A', value: '1' }]);
    expect(() => objList({ c: '["A"]' }, 'c')).toThrow(/array of objects/);
  });

  it('reads booleans and bounded integers strictly', () => {
    expect(bool({ b: 'true' }, 'b')).toBe(true);
    expect(() => bool({ b: 'yes' }, 'b')).toThrow(/true or false/);
    expect(int({ n: '10' }, 'n', 1, 1000)).toBe(10);
    expect(() => int({ n: '1001' }, 'n', 1, 1000)).toThrow(/between 1 and 1000/);
    expect(() => int({ n: '1.5' }, 'n', 1, 1000)).toThrow(/integer/);
  });
});
