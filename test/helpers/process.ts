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

/**
 * Starts the built server with `env` on a free port (or env.PORT) and waits for /healthz (up to 30 s: on two busy
 * cores a cold start can take a while). If it exits first, the error says how and what it printed last.
 */
export async function startBuiltServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [BUILT_MAIN], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${stderr}`);
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return { child, url: `http://127.0.0.1:${port}/graphql` };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`the server did not start within 30 s: ${stderr}`);
}

/** Stops a built server: SIGTERM, then SIGKILL if it has not exited within 10 s. Resolves once it has exited. */
export async function stopBuiltServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts several built servers at once. Every one that started is handed to `started` (so that the suite stops it
 * whatever happens next), then the first failure, if any, is thrown.
 */
export async function startBuiltServers(envs: Record<string, string>[], started: ChildProcess[]): Promise<{ child: ChildProcess; url: string }[]> {
  const results = await Promise.allSettled(envs.map((env) => startBuiltServer(env)));
  for (const result of results) if (result.status === 'fulfilled') started.push(result.value.child);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<{ child: ChildProcess; url: string }>).value);
}
