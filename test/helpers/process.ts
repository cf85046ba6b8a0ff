import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The built server (`npm run build`), run as its own process, as a replica would run. */
export const BUILT_MAIN = path.resolve(__dirname, '../../dist/src/main.js');

/** Whether the built server exists: a loud skip by hand when it does not, a failure under CI=true. */
export function builtServerExists(what: string): boolean {
  const built = existsSync(BUILT_MAIN);
  if (!built) {
    if (process.env.CI === 'true') throw new Error(`${what} runs the built server: npm run build first`);
    console.warn(`SKIPPING ${what}: run \`npm run build\` first`);
  }
  return built;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the built server with `env` on a free port and waits for /healthz. */
export async function startBuiltServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [BUILT_MAIN], { env: { ...process.env, ...env, PORT: String(port) }, stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return { child, url: `http://127.0.0.1:${port}/graphql` };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('the server did not start');
}
