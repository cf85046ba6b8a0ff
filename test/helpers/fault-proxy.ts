import net from 'node:net';

/**
 * What the proxy does with traffic: `pass` forwards both ways; `refuse` closes every new connection at once (a
 * service that is down); `stall` accepts connections and holds every byte, new and established, without closing
 * anything (a service that hangs). Back to `pass`, what a stall held goes out in order. `drop` is a peer that
 * vanished without a word (a restarted host, a NAT or firewall that forgot the connection): every connection open
 * then, or made while it lasts, swallows every byte for good and is never closed; back to `pass`, only new
 * connections carry traffic.
 */
export type FaultMode = 'pass' | 'refuse' | 'stall' | 'drop';

export interface FaultProxy {
  /** `host:port` to point the client at. */
  readonly address: string;
  readonly port: number;
  mode(next: FaultMode): void;
  /** Destroys every open connection (a network cut or a restart of the service); new ones follow the mode. */
  cut(): void;
  close(): Promise<void>;
}

/**
 * A small TCP fault proxy in front of Redis or PostgreSQL, for tests and the chaos run: no maintained package does
 * this without a server binary of its own (toxiproxy), and a few dozen lines of node:net do. Loopback only.
 */
export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let current: FaultMode = 'pass';
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; held: Buffer[][]; dead: boolean }>();

  const server = net.createServer((client) => {
    if (current === 'refuse') {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream, held: [[], []] as Buffer[][], dead: current === 'drop' };
    pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket, held: Buffer[]) => {
      from.on('data', (chunk: Buffer) => {
        if (pair.dead) return;
        if (current === 'stall') held.push(chunk);
        else to.write(chunk);
      });
    };
    forward(client, upstream, pair.held[0]!);
    forward(upstream, client, pair.held[1]!);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    address: `127.0.0.1:${port}`,
    port,
    mode(next) {
      current = next;
      if (next === 'drop') {
        for (const pair of pairs) {
          pair.dead = true;
          pair.held[0]!.length = 0;
          pair.held[1]!.length = 0;
        }
      }
      if (next === 'pass') {
        // What a stall held goes out in order once traffic passes again.
        for (const pair of pairs) {
          for (const chunk of pair.held[0]!.splice(0)) pair.upstream.write(chunk);
          for (const chunk of pair.held[1]!.splice(0)) pair.client.write(chunk);
        }
      }
    },
    cut() {
      for (const pair of [...pairs]) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
    },
    close: async () => {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
