import net from 'node:net';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';

/** The test helper that stands in for a stalled or failing Redis/PostgreSQL: it must do what the seam tests assume. */
describe('the TCP fault proxy', () => {
  let echo: net.Server;
  let proxy: FaultProxy;
  beforeAll(async () => {
    echo = net.createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    proxy = await startFaultProxy({ host: '127.0.0.1', port: (echo.address() as net.AddressInfo).port });
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  const connect = () => new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect(proxy.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
  const nextData = (socket: net.Socket, ms: number) => new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    socket.once('data', (chunk) => { clearTimeout(timer); resolve(String(chunk)); });
  });
  const closed = (socket: net.Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));

  it('passes, stalls (holding bytes, closing nothing), releases in order, cuts and refuses', async () => {
    proxy.mode('pass');
    const socket = await connect();
    socket.write('one');
    expect(await nextData(socket, 2000)).toBe('one');

    proxy.mode('stall');
    socket.write('two');
    expect(await nextData(socket, 300)).toBeUndefined();
    expect(socket.destroyed).toBe(false);
    const pending = nextData(socket, 2000);
    proxy.mode('pass');
    expect(await pending).toBe('two');

    const gone = closed(socket);
    proxy.cut();
    await gone;

    proxy.mode('refuse');
    const refused = await connect().then((s) => closed(s).then(() => 'closed'), () => 'error');
    expect(refused).toMatch(/closed|error/);
    proxy.mode('pass');
    const again = await connect();
    again.write('three');
    expect(await nextData(again, 2000)).toBe('three');

    // drop: the connection stays open and silent for good; only a new one carries traffic again.
    proxy.mode('drop');
    again.write('four');
    expect(await nextData(again, 300)).toBeUndefined();
    expect(again.destroyed).toBe(false);
    proxy.mode('pass');
    again.write('five');
    expect(await nextData(again, 300)).toBeUndefined();
    const fresh = await connect();
    fresh.write('six');
    expect(await nextData(fresh, 2000)).toBe('six');
    again.destroy();
    fresh.destroy();
  });
});
