import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { builtServerExists, startBuiltServer, stopBuiltServer } from '../helpers/process';

/**
 * The first hour: `npm start` with no settings at all (the in-process sandbox, no PUBLIC_URL), the README's
 * command-line subscription run exactly as printed (only the port differs), a mutation, and the event arrives. The
 * service registers its webhook on loopback, where the sandbox delivers it.
 */
const ROOT = path.resolve(__dirname, '../..');
const run = builtServerExists('events with no settings') ? describe : describe.skip;

/** The README's Events section. */
function readmeEvents(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf("### Events: Wrike's webhooks in, subscriptions out");
  return readme.slice(start, readme.indexOf('\n## ', start));
}

/** The first fenced block of `language` in the Events section after `after`, as printed (the list's indent removed). */
function readmeBlock(after: string, language: string): string {
  const events = readmeEvents();
  const from = events.indexOf(after);
  const block = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(events.slice(from));
  if (from < 0 || !block) throw new Error(`the README's Events section has no ${language} block after "${after}"`);
  return block[1]!.split('\n').map((line) => line.trim()).join('\n');
}

run('live events after a plain npm start', () => {
  let server: ChildProcess | undefined;
  let subscriber: ChildProcess | undefined;
  let url = '';
  const clients: Client[] = [];
  beforeAll(async () => {
    // What `npm start` gets on a fresh clone: no PUBLIC_URL, no key, no token; its own data directory only.
    const started = await startBuiltServer({ PUBLIC_URL: '', WRIKE_WEBHOOKS: '', WRIKE_PERMANENT_TOKEN: '', WRIKE_API_BASE_URL: '', SANDBOX: '',
      ENCRYPTION_KEY: '', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wrike-subgraph-first-hour-')), LOG_LEVEL: 'silent' });
    server = started.child;
    url = started.url;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    if (subscriber && subscriber.exitCode === null) {
      const exited = new Promise((resolve) => subscriber!.once('exit', resolve));
      subscriber.kill('SIGTERM');
      await exited;
    }
    if (server) await stopBuiltServer(server);
  });

  const query = async (text: string) => {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Connection-Id': 'default' }, body: JSON.stringify({ query: text }) });
    return (await response.json()) as any;
  };

  it('registers the default connection\'s hook on loopback with no settings, and the README\'s subscription gets a mutation\'s event', async () => {
    // The hook is registered in the background at start (the sandbox verifies its secret with this server first).
    await until(async () => (await query('{ connections { id webhook { status } } }')).data?.connections?.[0]?.webhook?.status === 'ACTIVE', 'the hook is active');

    const port = new URL(url).port;
    const command = readmeBlock('From the command line', 'bash');
    expect(command).toContain('ws://localhost:4000/graphql');
    const lines: string[] = [];
    let stderr = '';
    subscriber = spawn('bash', ['-c', command.replace('ws://localhost:4000/graphql', `ws://localhost:${port}/graphql`)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    subscriber.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    subscriber.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The socket connects in its own time (and prints nothing until an event): tickets are created until one's
    // event is printed, so no change is made before anyone listens and the test waits no fixed time.
    // The README's filtered subscription too (Engineering, where the created tickets go), over the same protocol.
    const filtered: any[] = [];
    const client = createClient({ url: `ws://localhost:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { 'X-Connection-Id': 'default' }, retryAttempts: 0 });
    clients.push(client);
    client.subscribe({ query: readmeBlock('Engineering, in the sandbox', 'graphql') }, { next: (value) => filtered.push(value), error: (error) => filtered.push({ error }), complete: () => undefined });
    const createdIds: string[] = [];
    const printed = () => lines.find((line) => createdIds.some((id) => line.includes(id)));
    await until(async () => {
      const created = await query('mutation { createTicket(input: { collectionId: "IEAGAABKI4AAAAAT", title: "First-hour event" }) { ticket { id } userErrors { message } } }');
      expect(created.errors).toBeUndefined();
      expect(created.data.createTicket.userErrors).toEqual([]);
      createdIds.push(created.data.createTicket.ticket.id);
      const end = Date.now() + 1000;
      while (!printed() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
      return printed() !== undefined;
    }, `the subscriber prints a created ticket's event (stderr: ${stderr})`, 20_000);
    const event = JSON.parse(printed()!);
    expect(event).toEqual({ data: { ticketEvents: { type: 'CREATED', ticketId: expect.any(String), changedFields: expect.any(Array) } } });
    expect(createdIds).toContain(event.data.ticketEvents.ticketId);
    expect(stderr).toBe('');

    await until(async () => filtered.length > 0, 'the README\'s filtered subscription gets an event');
    expect(filtered[0].errors).toBeUndefined();
    expect(filtered[0].data.ticketEvents).toMatchObject({ type: 'CREATED', ticket: { title: 'First-hour event' } });
    expect(createdIds).toContain(filtered[0].data.ticketEvents.ticket.id);
  });
});

async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}
