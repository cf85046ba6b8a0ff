import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalEvent, lostAfterAcknowledged, pastDeadline, secretsInLogs, writeViolations, type LoggedDelivery, type SubscriberRecord } from '../../bench/chaos/checks';
import { startBalancer, type Backend } from '../../bench/chaos/balancer';

/**
 * The chaos run's seam: what it counts as a violation (bench/chaos/checks.ts) and the load balancer it puts in front
 * of the replicas (bench/chaos/balancer.ts), over real HTTP. The run itself is `npm run chaos` (CI runs it).
 */
describe('chaos: acknowledged, then lost', () => {
  const event = (commentId: string) => ({ taskId: 'IEAAAAAAKQAAAAAA', webhookId: 'IEAAAAAAJAAAAAAA', eventType: 'CommentAdded', commentId, comment: { text: 't', html: 't' } });
  const delivery = (at: string, acknowledged: boolean, ...events: Record<string, unknown>[]): LoggedDelivery => ({ startedAt: at, acknowledged, events });
  const subscriber = (name: string, from: string, received: Record<string, unknown>[], closedAt: number | null = null): SubscriberRecord => ({
    name, listeningFrom: Date.parse(from), closedAt, received: new Set(received.map(canonicalEvent)),
  });

  it('names each acknowledged event a subscriber listening throughout did not get', () => {
    const deliveries = [delivery('2026-12-02T10:00:05Z', true, event('c1'), event('c2')), delivery('2026-12-02T10:00:06Z', true, event('c3'))];
    const lost = lostAfterAcknowledged(deliveries, [subscriber('a1', '2026-12-02T10:00:00Z', [event('c1'), event('c3')]), subscriber('b1', '2026-12-02T10:00:00Z', [event('c1'), event('c2'), event('c3')])]);
    expect(lost).toEqual([{ subscriber: 'a1', event: canonicalEvent(event('c2')), deliveredAt: '2026-12-02T10:00:05Z' }]);
  });

  it('holds nobody to an event Wrike was not told was received, nor a subscriber that closed or came later', () => {
    const deliveries = [delivery('2026-12-02T10:00:05Z', false, event('c1')), delivery('2026-12-02T10:00:06Z', true, event('c2'))];
    expect(lostAfterAcknowledged(deliveries, [
      subscriber('closed', '2026-12-02T10:00:00Z', [], Date.parse('2026-12-02T10:00:07Z')),
      subscriber('late', '2026-12-02T10:00:10Z', []),
      subscriber('throughout', '2026-12-02T10:00:00Z', [event('c2')]),
    ])).toEqual([]);
  });

  it('matches an event whatever the order of its keys on the way back', () => {
    const sent = event('c1');
    const returned = JSON.parse(JSON.stringify({ comment: { html: 't', text: 't' }, commentId: 'c1', eventType: 'CommentAdded', webhookId: sent.webhookId, taskId: sent.taskId }));
    expect(canonicalEvent(returned)).toBe(canonicalEvent(sent));
    expect(canonicalEvent(event('c2'))).not.toBe(canonicalEvent(sent));
  });
});

describe('chaos: writes, deadlines, logs', () => {
  it('wants a confirmed write exactly once and a given-up one at most once', () => {
    const comments = [{ taskId: 't1', text: 'once' }, { taskId: 't1', text: 'twice' }, { taskId: 't1', text: 'twice' }, { taskId: 't2', text: 'gave up' }, { taskId: 't2', text: 'gave up' }];
    expect(writeViolations([
      { ticketId: 't1', body: 'once', confirmed: true },
      { ticketId: 't1', body: 'twice', confirmed: true },
      { ticketId: 't1', body: 'never made', confirmed: true },
      { ticketId: 't2', body: 'gave up', confirmed: false },
      { ticketId: 't2', body: 'not made', confirmed: false },
      // The same body on another ticket is another write.
      { ticketId: 't2', body: 'once', confirmed: false },
    ], comments)).toEqual(['write "twice": confirmed, found 2 times', 'write "never made": confirmed, found 0 times', 'write "gave up": given up, found 2 times']);
  });

  it('counts an answer past the deadline and its margin, not one within', () => {
    expect(pastDeadline(9000, 8000, 1000)).toBe(false);
    expect(pastDeadline(9001, 8000, 1000)).toBe(true);
  });

  it('names the secret that reached the logs, never its value', () => {
    expect(secretsInLogs('{"msg":"token abc123 refused"}', { 'the Wrike token': 'abc123', ENCRYPTION_KEY: 'ffee', empty: '' })).toEqual(['the Wrike token']);
  });
});

describe('chaos: the load balancer in front of the replicas', () => {
  type Stub = { -readonly [K in keyof Backend]: Backend[K] } & { server: http.Server; seen: string[]; handle: (req: http.IncomingMessage, res: http.ServerResponse) => void };
  const stubs: Stub[] = [];
  const stub = async (name: string): Promise<Stub> => {
    const self = { name, port: 0, generation: 0, accepting: true, seen: [] as string[], handle: (_req: http.IncomingMessage, res: http.ServerResponse) => void res.end(name) } as Stub;
    self.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        self.seen.push(`${req.method} ${req.url} ${body}`);
        self.handle(req, res);
      });
    });
    await new Promise<void>((resolve) => self.server.listen(0, '127.0.0.1', resolve));
    self.port = (self.server.address() as AddressInfo).port;
    stubs.push(self);
    return self;
  };
  afterAll(async () => {
    for (const s of stubs) {
      s.server.closeAllConnections();
      await new Promise((resolve) => s.server.close(resolve));
    }
  });

  it('spreads requests, sends one a replica refused to the next, marks what a kill cut, and tells when a delivery was acknowledged', async () => {
    const a = await stub('a');
    const b = await stub('b');
    const balancer = await startBalancer(() => [a, b]);
    try {
      const post = (body: string) => fetch(`${balancer.url}/graphql`, { method: 'POST', body }).then(async (r) => ({ status: r.status, cut: r.headers.get('x-chaos-cut'), replica: r.headers.get('x-chaos-replica'), text: await r.text() }));
      expect((await post('1')).replica).not.toBe((await post('2')).replica);
      expect([...a.seen, ...b.seen].sort()).toEqual(['POST /graphql 1', 'POST /graphql 2']);

      // b does not accept requests (the run killed it): none goes there.
      b.accepting = false;
      expect([(await post('x')).replica, (await post('y')).replica]).toEqual(['a', 'a']);
      b.accepting = true;

      // b is down (its port refuses): every request reaches a, body and all.
      await new Promise((resolve) => b.server.close(resolve));
      const answers = [await post('3'), await post('4')];
      expect(answers.map((r) => [r.status, r.text])).toEqual([[200, 'a'], [200, 'a']]);
      expect(a.seen.slice(-2).sort()).toEqual(['POST /graphql 3', 'POST /graphql 4']);
      expect(b.seen).toHaveLength(1);

      // a drops a request it received: 502, "kill" when the run killed it meanwhile, "error" when nothing did.
      a.handle = (req) => req.socket.destroy();
      expect(await post('5')).toMatchObject({ status: 502, cut: 'error', replica: 'a' });
      a.handle = (req) => {
        a.generation++;
        req.socket.destroy();
      };
      expect(await post('6')).toMatchObject({ status: 502, cut: 'kill', replica: 'a' });

      // The moment a replica acknowledges a webhook delivery is known, and the delivery still gets its answer.
      a.handle = (_req, res) => void res.end('ok');
      let acknowledged = false;
      const ack = balancer.nextWebhookAck('a').then(() => (acknowledged = true));
      await post('7');
      expect(acknowledged).toBe(false);
      const delivery = await fetch(`${balancer.url}/webhooks/wrike/default`, { method: 'POST', body: '[]' });
      await ack;
      expect([delivery.status, acknowledged]).toEqual([200, true]);
    } finally {
      await balancer.close();
    }
  });
});
