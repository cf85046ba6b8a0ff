import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The layer boundaries of docs/ARCHITECTURE.md are checked by ESLint in `npm test`; these tests make sure the check
 * bites (a deliberately wrong import fails it) and that the source has no import cycle.
 */
const root = path.resolve(__dirname, '../..');

/**
 * ESLint with the project's own config, in a process of its own (its config is an ES module, which Jest's module
 * system cannot load), on code given as if it were at `filePath`: the boundary rule's messages.
 */
const LINT = `
const { ESLint } = require('eslint');
const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const eslint = new ESLint({ cwd: process.cwd() });
Promise.all(cases.map(async ([filePath, code]) => {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
})).then((out) => process.stdout.write(JSON.stringify(out)));
`;
function boundaryErrorsOf(cases: [filePath: string, code: string][]): string[][] {
  const run = spawnSync(process.execPath, ['-e', LINT], { cwd: root, input: JSON.stringify(cases.map(([file, code]) => [path.join(root, file), code])), encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

describe('the import-boundary check', () => {
  it('fails on a deliberately wrong import in each direction, and lets what the layers may do through', () => {
    const [wrikeToSandbox, sandboxToWrike, sandboxRouteToGraphql, unifiedAxios, unifiedEndpoints, httpEndpoints, unifiedTypes, sandboxInside, httpGraphql] = boundaryErrorsOf([
      ['src/wrike/oops.ts', "import { createSandbox } from '../sandbox/server';\nexport const x = createSandbox;\n"],
      ['src/sandbox/oops.ts', "import { isWrikeId } from '../wrike/ids';\nexport const x = isWrikeId;\n"],
      ['src/sandbox/routes/oops.ts', "import { userError } from '../../graphql/errors';\nexport const x = userError;\n"],
      ['src/unified/oops.ts', "import axios from 'axios';\nexport const x = axios;\n"],
      ['src/unified/oops.ts', "import { getTasks } from '../wrike/endpoints';\nexport const x = getTasks;\n"],
      ['src/http/oops.ts', "import { getTasks } from '../wrike/endpoints';\nexport const x = getTasks;\n"],
      ['src/unified/fine.ts', "import type { WrikeTask } from '../wrike/types';\nexport type X = WrikeTask;\n"],
      ['src/sandbox/routes/fine.ts', "import { notFound } from '../errors';\nexport const x = notFound;\n"],
      ['src/http/fine.ts', "import { userError } from '../graphql/errors';\nexport const x = userError;\n"],
    ]);
    const [wrikeUnifiedValue, wrikeGraphql, eventsHttp, connectionsGraphqlType, graphqlHttp, wrikeUnifiedType, eventsWrike] = boundaryErrorsOf([
      ['src/wrike/oops.ts', "import { taskInScope } from '../unified/scope';\nexport const x = taskInScope;\n"],
      ['src/wrike/oops.ts', "import { userError } from '../graphql/errors';\nexport const x = userError;\n"],
      ['src/events/oops.ts', "import { landing } from '../http/landing';\nexport const x = landing;\n"],
      ['src/connections/oops.ts', "import type { GraphQLContext } from '../graphql/context';\nexport type X = GraphQLContext;\n"],
      ['src/graphql/resolvers/oops.ts', "import { prefersHtml } from '../../http/landing';\nexport const x = prefersHtml;\n"],
      ['src/wrike/fine.ts', "import type { WorkspaceScope } from '../unified/scope';\nexport type X = WorkspaceScope;\n"],
      ['src/events/fine.ts', "import { isWrikeId } from '../wrike/ids';\nexport const x = isWrikeId;\n"],
    ]);
    for (const refused of [wrikeUnifiedValue, wrikeGraphql, eventsHttp, connectionsGraphqlType, graphqlHttp]) expect(refused).toHaveLength(1);
    expect(wrikeUnifiedValue![0]).toMatch(/types only/);
    expect(wrikeGraphql![0]).toMatch(/bottom/);
    for (const allowed of [wrikeUnifiedType, eventsWrike]) expect(allowed).toEqual([]);
    for (const refused of [wrikeToSandbox, sandboxToWrike, sandboxRouteToGraphql, unifiedAxios, unifiedEndpoints, httpEndpoints]) expect(refused).toHaveLength(1);
    expect(sandboxToWrike![0]).toMatch(/meet only on the wire/);
    expect(httpEndpoints![0]).toMatch(/through src\/graphql/);
    for (const allowed of [unifiedTypes, sandboxInside, httpGraphql]) expect(allowed).toEqual([]);
  }, 60_000);
});

describe('the source', () => {
  it('has no import cycle', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (full.endsWith('.ts')) files.push(full);
      }
    };
    walk(path.join(root, 'src'));
    const resolve = (from: string, spec: string) => {
      const base = path.resolve(path.dirname(from), spec);
      return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => files.includes(candidate));
    };
    const edges = new Map(files.map((file) => [file, [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from\s+'(\.[^']+)'/gms)]
      .map((m) => resolve(file, m[1]!)).filter((target): target is string => target !== undefined)]));
    // The graph is really read (a broken pattern would find no edge, hence no cycle).
    expect([...edges.values()].flat().length).toBeGreaterThan(300);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(root, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of edges.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
