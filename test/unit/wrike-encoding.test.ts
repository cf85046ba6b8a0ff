import { encodeParams } from '../../src/wrike/params';
import { WrikeClient } from '../../src/wrike/client';
import { parseErrorBody } from '../../src/wrike/errors';

describe('Wrike parameter encoding', () => {
  it('sends arrays and objects as JSON text, scalars as text, and skips undefined', () => {
    const encoded = encodeParams({ fields: ['subTaskIds', 'customFields'], dueDate: { start: '2026-01-01' }, pageSize: 100, subTasks: true, x: undefined });
    expect(encoded.get('fields')).toBe('["subTaskIds","customFields"]');
    expect(encoded.get('dueDate')).toBe('{"start":"2026-01-01"}');
    expect(encoded.get('pageSize')).toBe('100');
    expect(encoded.get('subTasks')).toBe('true');
    expect(encoded.has('x')).toBe(false);
  });
});

describe('WrikeClient.path', () => {
  it('joins id lists with commas', () => {
    expect(WrikeClient.path`/tasks/${['IEAAAAAQKQAB5BG4', 'MAAAAAEOud3s']}`).toBe('/tasks/IEAAAAAQKQAB5BG4,MAAAAAEOud3s');
  });

  it.each(['../x', '%2F', 'a,b', '', 'x'.repeat(10_000), 'KUA AAAA', 'a/b'])('refuses %j before it reaches a URL', (bad) => {
    expect(() => WrikeClient.path`/tasks/${bad}`).toThrow(/Invalid Wrike id/);
  });
});

describe('parseErrorBody', () => {
  it('reads Wrike and OAuth error shapes, and tolerates garbage', () => {
    expect(parseErrorBody('{"error":"not_authorized","errorDescription":"Access token is unknown or invalid"}')).toEqual({
      code: 'not_authorized', description: 'Access token is unknown or invalid',
    });
    expect(parseErrorBody('{"error":"invalid_grant","error_description":"used"}')).toEqual({ code: 'invalid_grant', description: 'used' });
    expect(parseErrorBody('<html>502</html>')).toEqual({});
  });
});

describe('legacyIdOf', () => {
  it('reads the number of a Wrike link on any data center, or a bare number', async () => {
    const { legacyIdOf } = await import('../../src/wrike/permalinks');
    expect(legacyIdOf('https://www.wrike.com/open.htm?id=800000413')).toBe('800000413');
    expect(legacyIdOf('https://app-eu.wrike.com/open.htm?id=12&x=1')).toBe('12');
    expect(legacyIdOf(' 42 ')).toBe('42');
    for (const bad of ['https://wrike.com.evil.io/open.htm?id=1', 'http://www.wrike.com/open.htm?id=1', 'https://www.wrike.com/workspace.htm?id=1', 'https://www.wrike.com/open.htm?id=1e3', 'abc', '']) {
      expect(legacyIdOf(bad)).toBeUndefined();
    }
  });
});
