import { decodedParams, idsInParams, overridesMethod, proxyParams, type ProxyParam } from '../../src/http/proxy-params';
import { proxyStaleOf } from '../../src/wrike/proxy-invalidation';

const params = (search: string, body?: { type: 'form' | 'json'; text: string }) => proxyParams(search, body) as ProxyParam[];

describe('a proxied call\'s parameters', () => {
  it('merges the query string and a form or JSON body, and refuses a JSON body that is not an object', () => {
    expect(params('?a=1', { type: 'form', text: 'b=2&b=3' })).toEqual([{ name: 'a', value: '1' }, { name: 'b', value: '2' }, { name: 'b', value: '3' }]);
    expect(params('', { type: 'json', text: '{"addParents":["F"]}' })).toEqual([{ name: 'addParents', value: ['F'] }]);
    expect(proxyParams('', { type: 'json', text: '["x"]' })).toHaveProperty('refused');
    expect(proxyParams('', { type: 'json', text: '{' })).toHaveProperty('refused');
  });

  it('finds Wrike\'s method override under every spelling', () => {
    for (const search of ['?method=PUT', '?METHOD=delete', '?%6Dethod=DELETE', '?_method=DELETE', '?method%5B%5D=PUT', '?x=1&Method=GET']) {
      expect([search, overridesMethod(params(search))]).toEqual([search, true]);
    }
    expect(overridesMethod(params('', { type: 'json', text: '{"Method":"DELETE"}' }))).toBe(true);
    expect(overridesMethod(params('?methods=1&title=method'))).toBe(false);
  });

  it('finds every id-shaped word outside the known text parameters, in JSON text, unquoted lists and comma lists', () => {
    const found = idsInParams(params(
      `?addParents=${encodeURIComponent('["IEAGAABKI4AAAAAA"]')}&superTasks=[IEAGAABKKQAAAAAB,IEAGAABKKQAAAAAC]&priorityBefore=IEAGAABKKQAAAAAD`,
      { type: 'json', text: '{"customFields":[{"id":"IEAGAABKJUAAAAAE","value":"Approved words"}],"title":"Renamed thoroughly","fields":["responsibles"],"successorId":"MAAAAAEabcde"}' },
    ));
    expect(found.sort()).toEqual(['IEAGAABKI4AAAAAA', 'IEAGAABKJUAAAAAE', 'IEAGAABKKQAAAAAB', 'IEAGAABKKQAAAAAC', 'IEAGAABKKQAAAAAD', 'MAAAAAEabcde']);
    expect(idsInParams(params('?nextPageToken=ABCDEFGHIJKLMNOP&status=Deferred&description=Somewhere%20longer'))).toEqual([]);
  });

  it('decodes JSON text values for the cache\'s write rules', () => {
    expect(decodedParams(params('?addSuperTasks=["T"]&title=[not json'))).toEqual({ addSuperTasks: ['T'], title: '[not json' });
  });
});

describe('what a proxied write drops from the cache', () => {
  it('every named id from every entity kind, and the metadata its resource holds', () => {
    const stale = proxyStaleOf('PUT', '/customfields/C', {}, ['C'], []);
    expect(stale.task).toContain('C');
    expect(stale.contact).toContain('C');
    expect(stale.metadata).toContain('customFields');
    expect(proxyStaleOf('POST', '/workflows', {}, [], []).metadata).toEqual(['workflows']);
    expect(proxyStaleOf('PUT', '/spaces/S', {}, ['S'], []).metadata).toEqual(expect.arrayContaining(['spaces', 'folderTree']));
    expect(proxyStaleOf('POST', '/tasks/T/dependencies', { predecessorId: 'P' }, ['T', 'P'], []).task).toEqual(expect.arrayContaining(['T', 'P']));
    expect(proxyStaleOf('GET', '/tasks/T', {}, ['T'], [])).toEqual({});
  });
});
