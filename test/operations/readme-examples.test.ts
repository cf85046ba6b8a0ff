import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { buildSchema } from '../../src/graphql/schema';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

/**
 * The README's examples run as a user would run them, against the service as `npm start` serves it (the in-process
 * sandbox, its demo seed 42), over HTTP. The conventions, also in the README's Development section:
 *
 * - Every ```graphql block runs over POST /graphql (a subscription is only validated against the schema: delivering
 *   events is the events suite's job). It fails on any `errors` and on any non-empty `userErrors` in its answer.
 * - Every `curl` line of a ```sh / ```bash block runs through the shell with `localhost:4000` pointing at this server,
 *   `127.0.0.1:8800` at its sandbox and `$TOKEN` the sandbox owner's token. It fails on a non-zero exit, a status
 *   other than 2xx, or a JSON answer with `errors`.
 * - A block that is not meant to run has `<!-- not run: <reason> -->` on the line right before its fence.
 * - A figure of calls in the paragraph right before a block ("**2 Wrike calls**", "costs 3 Wrike calls") is checked
 *   against the answer's `extensions.cost.actualCalls`.
 * - Variables are filled from the seed by querying, by name: see VARIABLES below.
 *
 * The service runs with the test defaults of test/helpers/subgraph.ts (no rate limits, no cache), so a figure is
 * what a cold request costs.
 */
const README = path.resolve(__dirname, '../../README.md');
const NOT_RUN = /^<!--\s*not run:\s*(.*?)\s*-->$/;
const FIGURE = /\*{0,2}(\d+) Wrike calls?\*{0,2}/;

interface Example {
  /** 1-based line of the block's opening fence, or of the curl line. */
  line: number;
  kind: 'graphql' | 'curl';
  text: string;
  /** Wrike calls the paragraph before the block promises. */
  calls?: number;
}

interface Parsed {
  examples: Example[];
  skipped: { line: number; reason: string }[];
  /** Markers that are not right before a fence, or have no reason. */
  strayMarkers: number[];
}

/** Fenced blocks of the README, with the marker and the paragraph before each. */
function parseReadme(markdown: string): Parsed {
  const lines = markdown.split('\n');
  const parsed: Parsed = { examples: [], skipped: [], strayMarkers: [] };
  const usedMarkers = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```(\w*)\s*$/.exec(lines[i]!);
    if (!fence) continue;
    const indent = fence[1]!.length;
    const language = fence[2]!;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    const body = lines.slice(i + 1, end).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)));
    const marker = i > 0 ? NOT_RUN.exec(lines[i - 1]!.trim()) : null;
    const start = i + 1;
    i = end;
    if (marker) usedMarkers.add(start - 1);
    const runnable = language === 'graphql' || (['sh', 'bash', 'shell'].includes(language) && body.some((l) => /^\s*curl\s/.test(l)));
    if (!runnable) continue;
    if (marker) {
      if (marker[1]) parsed.skipped.push({ line: start, reason: marker[1] });
      continue;
    }
    const calls = figureBefore(lines, start - 1);
    if (language === 'graphql') {
      parsed.examples.push({ line: start, kind: 'graphql', text: body.join('\n'), calls });
      continue;
    }
    for (let k = 0; k < body.length; k++) {
      if (!/^\s*curl\s/.test(body[k]!)) continue;
      let command = body[k]!;
      const first = k;
      while (command.endsWith('\\') && k + 1 < body.length) command = `${command.slice(0, -1)} ${body[++k]!.trim()}`;
      parsed.examples.push({ line: start + 1 + first, kind: 'curl', text: command.trim(), calls });
    }
  }
  lines.forEach((l, i) => {
    const marker = NOT_RUN.exec(l.trim());
    if (/^<!--\s*not run/.test(l.trim()) && (!marker || !marker[1] || !usedMarkers.has(i + 1))) parsed.strayMarkers.push(i + 1);
  });
  return parsed;
}

/** The number of Wrike calls the paragraph ending right before line `fenceLine` (1-based) states, if any. */
function figureBefore(lines: string[], fenceLine: number): number | undefined {
  let k = fenceLine - 2;
  while (k >= 0 && lines[k]!.trim() === '') k--;
  const paragraph: string[] = [];
  while (k >= 0 && lines[k]!.trim() !== '' && !lines[k]!.trim().startsWith('```')) paragraph.unshift(lines[k--]!);
  const match = FIGURE.exec(paragraph.join(' '));
  return match ? Number(match[1]) : undefined;
}

const parsed = parseReadme(readFileSync(README, 'utf8'));
const where = (e: Example) => `README.md:${e.line} (${e.kind === 'graphql' ? '```graphql block' : 'curl line'})`;

/**
 * How each variable an example declares is filled: from the seed, by asking the service (so an id the seed no longer
 * has fails here, not silently).
 */
const VARIABLES: Record<string, { means: string; find: (h: SubgraphHarness) => Promise<unknown> }> = {
  id: {
    means: 'a ticket with sub-tasks (the first of the newest 100 that has some)',
    find: async (h) => {
      const res = await h.query('{ tickets(first: 100) { nodes { id hasSubtasks } } }');
      return res.body.data?.tickets?.nodes?.find((t: { hasSubtasks: boolean }) => t.hasSubtasks)?.id;
    },
  },
  tickets: {
    means: 'three tickets of the collection IEAGAABKI4AAAAAT (the one the createTicket example writes to)',
    find: async (h) => {
      const res = await h.query('{ collection(id: "IEAGAABKI4AAAAAT") { tickets(first: 3) { nodes { id } } } }');
      const nodes = res.body.data?.collection?.tickets?.nodes as { id: string }[] | undefined;
      return nodes?.length === 3 ? nodes.map((n) => n.id) : undefined;
    },
  },
  space: {
    means: 'the workspace named Engineering',
    find: async (h) => {
      const res = await h.query('{ workspaces(first: 100) { nodes { id name } } }');
      return res.body.data?.workspaces?.nodes?.find((w: { name: string }) => w.name === 'Engineering')?.id;
    },
  },
};

/** Every `userErrors` list anywhere in an answer that is not empty, by its path. */
function userErrorsIn(value: unknown, at: string[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => userErrorsIn(v, [...at, String(i)]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'userErrors' && Array.isArray(v) && v.length > 0
    ? [`${[...at, key].join('.')}: ${JSON.stringify(v)}`]
    : userErrorsIn(v, [...at, key])));
}

function shell(command: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let h: SubgraphHarness;
let schema: ReturnType<typeof buildSchema>;
beforeAll(async () => {
  // The README's `npm start`: the in-process sandbox with its demo seed.
  h = await startSubgraph({ SANDBOX_SIZE: 'demo' });
  schema = buildSchema();
}, 60_000);
afterAll(() => h.close());

describe('README examples', () => {
  it('finds the examples, and every "not run" marker sits right before a block with its reason', () => {
    expect(parsed.examples.filter((e) => e.kind === 'graphql').length).toBeGreaterThanOrEqual(5);
    expect(parsed.examples.filter((e) => e.kind === 'curl').length).toBeGreaterThanOrEqual(2);
    expect(parsed.examples.some((e) => e.calls !== undefined)).toBe(true);
    expect(parsed.strayMarkers.map((line) => `README.md:${line}: a "not run" marker with no reason, or not right before a fence`)).toEqual([]);
  });

  it('reads the conventions as documented: a marker skips its block, a figure is read, a stray marker is reported', () => {
    const sample = [
      'Costs **3 Wrike calls**:', '', '```graphql', '{ me { id } }', '```', '',
      '<!-- not run: an example of SDL -->', '```graphql', 'type X { id: ID }', '```', '',
      '```sh', 'npm start', 'curl -s localhost:4000/graphql \\', "  -d '{}'", '```', '',
      '<!-- not run: -->', 'text',
    ].join('\n');
    const read = parseReadme(sample);
    expect(read.examples).toEqual([
      { line: 3, kind: 'graphql', text: '{ me { id } }', calls: 3 },
      { line: 14, kind: 'curl', text: "curl -s localhost:4000/graphql  -d '{}'", calls: undefined },
    ]);
    expect(read.skipped).toEqual([{ line: 8, reason: 'an example of SDL' }]);
    expect(read.strayMarkers).toEqual([18]);
  });

  it.each(parsed.examples.map((e) => [where(e), e] as const))('%s runs as written', async (label, example) => {
    const failures = example.kind === 'graphql' ? await runGraphql(example) : await runCurl(example);
    expect(failures.map((f) => `${label}: ${f}`)).toEqual([]);
  });
});

async function runGraphql(example: Example): Promise<string[]> {
  let document;
  try {
    document = parse(example.text);
  } catch (error) {
    return [`does not parse: ${(error as Error).message}`];
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map((e) => `does not validate against the schema: ${e.message}`);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
  if (operation?.kind === 'OperationDefinition' && operation.operation === 'subscription') return [];

  const variables: Record<string, unknown> = {};
  for (const definition of operation?.kind === 'OperationDefinition' ? operation.variableDefinitions ?? [] : []) {
    const name = definition.variable.name.value;
    const rule = VARIABLES[name];
    if (!rule) return [`declares $${name}, which has no rule in VARIABLES (test/operations/readme-examples.test.ts)`];
    variables[name] = await rule.find(h);
    if (variables[name] === undefined) return [`$${name} (${rule.means}) is not in the seed`];
  }
  const res = await h.query(example.text, variables);
  const failures: string[] = [];
  if (res.status !== 200) failures.push(`HTTP ${res.status}`);
  for (const error of res.body.errors ?? []) failures.push(`error ${error.extensions?.code ?? ''} at ${(error.path ?? []).join('.')}: ${error.message}`);
  failures.push(...userErrorsIn(res.body.data).map((u) => `userErrors at ${u}`));
  if (example.calls !== undefined && res.body.extensions?.cost?.actualCalls !== example.calls) {
    failures.push(`the README says ${example.calls} Wrike calls; it made ${res.body.extensions?.cost?.actualCalls} (estimated ${res.body.extensions?.cost?.estimatedCalls})`);
  }
  return failures;
}

async function runCurl(example: Example): Promise<string[]> {
  const service = new URL(h.server.url);
  const sandbox = new URL(h.server.sandboxUrl!);
  const command = example.text
    .replace(/\s{2,}#.*$/, '')
    .replaceAll('localhost:4000', `127.0.0.1:${service.port}`)
    .replaceAll('127.0.0.1:8800', `127.0.0.1:${sandbox.port}`);
  const run = await shell(`${command} -w '\\n@@status %{http_code}'`, { TOKEN: h.server.sandbox!.permanentTokens.owner });
  if (run.code !== 0) return [`curl exited ${run.code}: ${run.stderr.trim()}`];
  const status = /\n@@status (\d+)$/.exec(run.stdout);
  const body = run.stdout.replace(/\n@@status \d+$/, '');
  const failures: string[] = [];
  if (!status || !status[1]!.startsWith('2')) failures.push(`HTTP ${status?.[1]}: ${body.slice(0, 300)}`);
  let json: any;
  try {
    json = JSON.parse(body);
  } catch {
    failures.push(`the answer is not JSON: ${body.slice(0, 300)}`);
  }
  for (const error of json?.errors ?? []) failures.push(`error ${error.extensions?.code ?? ''}: ${error.message}`);
  if (example.calls !== undefined && json?.extensions?.cost?.actualCalls !== example.calls) {
    failures.push(`the README says ${example.calls} Wrike calls; it made ${json?.extensions?.cost?.actualCalls}`);
  }
  return failures;
}
