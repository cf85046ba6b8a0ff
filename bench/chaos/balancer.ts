import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Replica } from './replica';

/** The largest body the balancer holds to replay on another replica (a webhook delivery's limit is 1 MB). */
const MAX_BODY = 2 * 1024 * 1024;

/** What the balancer needs of a replica: where it listens, and a count of its kills. */
export type Backend = Pick<Replica, 'name' | 'port' | 'generation' | 'accepting'>;

export interface Balancer {
  url: string;
  /**
   * Resolves the moment the named replica answers a webhook delivery with a 2xx, before the answer goes on to the
   * sandbox: the worst moment for a kill (the delivery counts as acknowledged, and the replica's work after it is not
   * done yet).
   */
  nextWebhookAck(replicaName: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A load balancer in front of the replicas, as a deployment has one: requests go round-robin to the replicas that
 * accept them (a killed one does not, from the kill until it is started again); one a
 * replica refused (nothing reached it) goes to the next. A request cut after it reached a replica is not replayed (a
 * write may have happened): it is answered 502 with `X-Chaos-Cut: kill` when the run killed that replica meanwhile,
 * `X-Chaos-Cut: error` otherwise (a violation). Wrike's webhook deliveries (PUBLIC_URL) and the load both come
 * through it. It adds no forwarding headers: the replicas see callers on this machine, as in open mode.
 */
export async function startBalancer(replicas: () => readonly Backend[]): Promise<Balancer> {
  let next = 0;
  const waiting = new Map<string, (() => void)[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        return;
      }
      const body = Buffer.concat(chunks);
      const all = replicas().filter((replica) => replica.accepting);
      if (all.length === 0) {
        res.writeHead(503, { 'content-type': 'text/plain', 'x-chaos-cut': 'error' }).end('no replica accepts requests');
        return;
      }
      const first = next++ % all.length;
      const attempt = (tried: number) => {
        const replica = all[(first + tried) % all.length]!;
        const generation = replica.generation;
        const upstream = http.request({ host: '127.0.0.1', port: replica.port, method: req.method, path: req.url, headers: req.headers, agent: false }, (answer) => {
          const status = answer.statusCode ?? 0;
          if (req.url?.startsWith('/webhooks/') && status >= 200 && status < 300) {
            for (const resolve of waiting.get(replica.name)?.splice(0) ?? []) resolve();
          }
          res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-chaos-replica': replica.name });
          answer.pipe(res);
          answer.on('error', () => res.destroy());
        });
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED' && tried + 1 < all.length) return attempt(tried + 1);
          if (res.headersSent) return res.destroy();
          const cut = replica.generation !== generation ? 'kill' : 'error';
          res.writeHead(502, { 'content-type': 'text/plain', 'x-chaos-cut': cut, 'x-chaos-replica': replica.name });
          res.end(`replica ${replica.name}: ${error.code ?? error.message}`);
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    nextWebhookAck: (replicaName) => new Promise<void>((resolve) => {
      waiting.set(replicaName, [...(waiting.get(replicaName) ?? []), resolve]);
    }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
