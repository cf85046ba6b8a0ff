import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The README's configuration table and src/config.ts must name the same variables. */
describe('README and src/config.ts', () => {
  it('document the same configuration variables', () => {
    const root = path.resolve(__dirname, '../..');
    const config = readFileSync(path.join(root, 'src/config.ts'), 'utf8');
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const fromConfig = new Set([...config.matchAll(/\b(?:env\.|env, ')([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]));
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));
    const fromReadme = new Set([...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
    expect(fromConfig.size).toBeGreaterThan(10);
    expect([...fromReadme].sort()).toEqual([...fromConfig].sort());
  });
});
