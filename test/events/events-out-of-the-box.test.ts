import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtServerExists, startBuiltServer, stopBuiltServer } from '../helpers/process';

/**
 * The first hour: `npm start` with no settings at all (the in-process sandbox, no PUBLIC_URL), the README's
 * command-line subscription run exactly as printed (only the port differs), a mutation, and the event arrives. The
 * service registers its webhook on loopback, where the sandbox delivers it.
 */
const ROOT = path.resolve(__dirname, '../..');
const run = builtServerExists('events with no settings') ? describe : describe.skip;

/** The README's command-line example in the Events section, as printed. */
function readmeCommand(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const events = readme.slice(readme.indexOf("### Events: Wrike's webhooks in, subscriptions out"));
  const block = /From the command line[^\n]*\n\n\s*```bash\n([\s\S]*?)```/.exec(events);
  if (!block) throw new Error('the README has no command-line subscription example in its Events section');
  return block[1]!.split('\n').map((line) => line.trim()).join('\n');
}

run('live events after a plain npm start', () => {
  let server: ChildProcess | undefined;
  let subscriber: ChildProcess | undefined;
  let url = '';
  beforeAll(async () => {
    // What `npm start` gets on a fresh clone: no PUBLIC_URL, no key, no token; its own data directory only.
    const started = await startBuiltServer({ PUBLIC_URL: '', WRIKE_WEBHOOKS: '', WRIKE_PERMANENT_TOKEN: '', WRIKE_API_BASE_URL: '', SANDBOX: '',
      ENCRYPTION_KEY: '', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wrike-subgraph-first-hour-')), LOG_LEVEL: 'silent' });
    server = started.child;
    url = started.url;
  });
  afterAll(async () => {
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
    const command = readmeCommand();
    expect(command).toContain('ws://localhost:4000/graphql');
    const lines: string[] = [];
    let stderr = '';
    subscriber = spawn('bash', ['-c', command.replace('ws://localhost:4000/graphql', `ws://localhost:${port}/graphql`)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    subscriber.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    subscriber.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The socket connects in its own time (and prints nothing until an event): tickets are created until one's
    // event is printed, so no change is made before anyone listens and the test waits no fixed time.
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
