import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { RouterInvalidator } from '../../src/connections/router-invalidation';
import { createLogger } from '../../src/logger';
import { maxAgeOf, tagsOfInvalidation } from '../../src/unified/cache-tags';

/** What a cache drop tells the router, and how the invalidator batches, bounds and reports its requests (over real HTTP). */

describe('tagsOfInvalidation', () => {
  it('names entities as <Type>:<id>, for each type a Wrike entity shows as; tickets, comments, attachments by id only', () => {
    expect(tagsOfInvalidation('task', ['T1', 'T2'], 'A1')).toEqual(['Ticket:T1', 'Ticket:T2']);
    expect(tagsOfInvalidation('comment', ['C1'], 'A1')).toEqual(['Comment:C1']);
    expect(tagsOfInvalidation('attachment', ['X1'], 'A1')).toEqual(['Attachment:X1']);
  });

  it('a folder or contact change also names its types account-wide: answers holding them without ids are reached', () => {
    expect(tagsOfInvalidation('folder', ['F1'], 'A1').sort()).toEqual(['Collection:F1', 'Collection@A1', 'Workspace:F1', 'Workspace@A1']);
    expect(tagsOfInvalidation('contact', ['U1'], 'A1').sort()).toEqual(['Group:U1', 'Group@A1', 'User:U1', 'User@A1']);
  });

  it('names an account-wide list, or a kind dropped whole, by its type names scoped to the account', () => {
    expect(tagsOfInvalidation('customFields', ['*'], 'A1')).toEqual(['Field@A1']);
    expect(tagsOfInvalidation('workflows', ['*'], 'A1')).toEqual(['TicketStatus@A1']);
    expect(tagsOfInvalidation('folderTree', ['*'], 'A1')).toEqual(['Collection@A1', 'Workspace@A1']);
    expect(tagsOfInvalidation('people', ['*'], 'A2')).toEqual(['User@A2']);
    expect(tagsOfInvalidation('task', ['*'], 'A1')).toEqual(['Ticket@A1']);
  });

  it('ages tickets by the entity cache, metadata by its TTL, time logs not at all; an unlisted type by the entities\' time', () => {
    const ages = { entitySeconds: 30, metadataSeconds: 300 };
    expect(maxAgeOf('Ticket', ages)).toBe(30);
    expect(maxAgeOf('Comment', ages)).toBe(30);
    expect(maxAgeOf('User', ages)).toBe(300);
    expect(maxAgeOf('UserConnection', ages)).toBe(300);
    expect(maxAgeOf('Field', ages)).toBe(300);
    expect(maxAgeOf('TimeLog', ages)).toBe(0);
    expect(maxAgeOf('WrikeConnection', ages)).toBe(0);
    expect(maxAgeOf('PageInfo', ages)).toBeUndefined();
    expect(maxAgeOf('TicketConnection', ages)).toBe(30);
    expect(maxAgeOf('TicketTombstone', ages)).toBe(30);
    expect(maxAgeOf('SomeTypeAddedLater', ages)).toBe(30);
  });
});

describe('RouterInvalidator', () => {
  let server: http.Server;
  let url: string;
  let answer: (res: http.ServerResponse) => void;
  const received: { authorization?: string; tags: string[] }[] = [];
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => { text += chunk; });
      req.on('end', () => {
        received.push({ authorization: req.headers.authorization, tags: (JSON.parse(text) as { cache_tag: string }[]).map((item) => item.cache_tag) });
        answer(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/invalidation`;
  });
  beforeEach(() => {
    received.length = 0;
    lines.length = 0;
    answer = (res) => res.writeHead(202).end('{"count":1}');
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gathers the tags of one window into one request, without repeats', async () => {
    const outcomes: string[] = [];
    const invalidator = new RouterInvalidator({ url, subgraph: 'wrike', logger, windowMs: 50, onOutcome: (o) => outcomes.push(o) });
    invalidator.add(['Ticket:A', 'Ticket:B']);
    invalidator.add(['Ticket:B', 'Comment:C']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toEqual([{ authorization: undefined, tags: ['Ticket:A', 'Ticket:B', 'Comment:C'] }]);
    expect(outcomes).toEqual(['sent']);
    await invalidator.close();
  });

  it('splits more than maxTags into several requests', async () => {
    const invalidator = new RouterInvalidator({ url, secret: 's3cret-shared-key', subgraph: 'wrike', logger, maxTags: 2 });
    invalidator.add(['Ticket:1', 'Ticket:2', 'Ticket:3', 'Ticket:4', 'Ticket:5']);
    await invalidator.flush();
    expect(received.map((r) => r.tags)).toEqual([['Ticket:1', 'Ticket:2'], ['Ticket:3', 'Ticket:4'], ['Ticket:5']]);
    expect(received.every((r) => r.authorization === 's3cret-shared-key')).toBe(true);
  });

  it('bounds each try, and a router that never answers is counted failed and logged without the secret or the URL', async () => {
    answer = () => undefined;
    const outcomes: string[] = [];
    const invalidator = new RouterInvalidator({ url, secret: 's3cret-shared-key', subgraph: 'wrike', logger, timeoutMs: 100, retries: 1, onOutcome: (o) => outcomes.push(o) });
    invalidator.add(['Ticket:slow']);
    await invalidator.flush();
    expect(received).toHaveLength(2);
    expect(outcomes).toEqual(['failed']);
    const log = lines.join('');
    expect(log).toContain('timed out');
    expect(log).not.toContain('s3cret');
    expect(log).not.toContain(String((server.address() as AddressInfo).port));
  });

  it('does not try a 4xx again', async () => {
    answer = (res) => res.writeHead(401).end();
    const outcomes: string[] = [];
    const invalidator = new RouterInvalidator({ url, subgraph: 'wrike', logger, onOutcome: (o) => outcomes.push(o) });
    invalidator.add(['Ticket:x']);
    await invalidator.flush();
    expect(received).toHaveLength(1);
    expect(outcomes).toEqual(['failed']);
  });

  it('does not follow a redirect: the secret never goes to another address', async () => {
    const elsewhere: (string | undefined)[] = [];
    const other = http.createServer((req, res) => {
      elsewhere.push(req.headers.authorization);
      res.writeHead(202).end('{"count":1}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      answer = (res) => res.writeHead(307, { Location: `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal` }).end();
      const outcomes: string[] = [];
      const invalidator = new RouterInvalidator({ url, secret: 's3cret-shared-key', subgraph: 'wrike', logger, retries: 0, onOutcome: (o) => outcomes.push(o) });
      invalidator.add(['Ticket:moved']);
      await invalidator.flush();
      expect(received).toHaveLength(1);
      expect(elsewhere).toEqual([]);
      expect(outcomes).toEqual(['failed']);
    } finally {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
