import { ClientPool, type ConnectionFactory } from '../../src/connections/client-pool';
import { permanentTokenCredentials, type WrikeClient } from '../../src/wrike/client';
import type { ConnectionCache } from '../../src/wrike/cache';
import type { SharedReads } from '../../src/wrike/shared-reads';

/** A factory that counts the clients it makes (each would carry a call budget of its own). */
function countingFactory() {
  const made: string[] = [];
  const factory: ConnectionFactory = {
    client: (_baseUrl, _credentials, id) => {
      made.push(id);
      return {} as WrikeClient;
    },
    cache: () => ({}) as ConnectionCache,
    shared: () => ({}) as SharedReads,
  };
  return { factory, made };
}

describe('the client pool', () => {
  it('makes one client for requests that arrive together while it is being made (one budget, not one each)', async () => {
    const { factory, made } = countingFactory();
    const pool = new ClientPool(factory);
    let opens = 0;
    const open = async () => {
      opens++;
      await new Promise((resolve) => setTimeout(resolve, 20)); // the store's read of the connection
      return { baseUrl: 'https://www.wrike.com/api/v4', credentials: permanentTokenCredentials('t') };
    };
    const live = await Promise.all(Array.from({ length: 10 }, () => pool.get('conn-1', open)));
    expect(made).toEqual(['conn-1']);
    expect(opens).toBe(1);
    expect(new Set(live).size).toBe(1);
  });

  it('does not keep a failed open: the next request tries again', async () => {
    const { factory, made } = countingFactory();
    const pool = new ClientPool(factory);
    await expect(pool.get('conn-1', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    await pool.get('conn-1', async () => ({ baseUrl: 'https://www.wrike.com/api/v4', credentials: permanentTokenCredentials('t') }));
    expect(made).toEqual(['conn-1']);
  });
});
