import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema } from '../graphql/schema';
import { directiveText, expectedSchemaDirectives } from '../graphql/demand-control';

/**
 * `npm run cost-directives`: writes the `@cost` and `@listSize` of every field in schema/ from cost-rules.ts (see
 * src/graphql/demand-control.ts). A field's definition is one line in schema/; its old directives are replaced.
 * With `--check`, writes nothing and exits 1 when a file would change.
 */
const SCHEMA_DIR = [path.resolve(__dirname, '../../schema'), path.resolve(__dirname, '../../../schema')].find((dir) => existsSync(path.join(dir, 'schema.graphql')))!;
const expected = expectedSchemaDirectives(buildSchema());
const check = process.argv.includes('--check');
let changed = 0;

for (const file of readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.graphql')).sort()) {
  const full = path.join(SCHEMA_DIR, file);
  const before = readFileSync(full, 'utf8');
  let type: string | undefined;
  let inBlockString = false;
  const after = before.split('\n').map((line) => {
    if ((line.match(/"""/g) ?? []).length % 2 === 1) inBlockString = !inBlockString;
    if (inBlockString || line.trim().startsWith('"')) return line;
    const opens = /^(?:extend\s+)?type\s+(\w+)/.exec(line);
    if (opens) type = opens[1];
    if (/^}/.test(line)) type = undefined;
    const field = /^ {2}(\w+)\s*[(:]/.exec(line);
    if (!type || !field) return line;
    const bare = line.replace(/\s*@listSize\([^)]*\)/g, '').replace(/\s*@cost\([^)]*\)/g, '').trimEnd();
    const directives = expected.get(`${type}.${field[1]}`);
    return directives ? `${bare} ${directiveText(directives)}` : bare;
  }).join('\n');
  if (after !== before) {
    changed++;
    if (check) console.error(`${file}: @cost/@listSize differ from src/graphql/cost-rules.ts (run npm run cost-directives)`);
    else writeFileSync(full, after);
  }
}
if (check && changed > 0) process.exit(1);
console.log(check ? 'schema/ @cost and @listSize match the cost rules' : `${changed} schema file(s) written`);
