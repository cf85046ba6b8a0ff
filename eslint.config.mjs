import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/graphql/__generated__/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', __filename: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain CommonJS scripts.
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Layer boundaries (docs/ARCHITECTURE.md says why): checked here, so that a wrong import fails `npm test`.
  ...boundaries(),
  {
    // Tests read JSON answers of HTTP calls; typing every response shape there buys nothing.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);

/** The sandbox and the client meet only on the wire; unified is pure; routes reach Wrike through src/graphql. */
function boundaries() {
  const rule = '@typescript-eslint/no-restricted-imports';
  const noSandbox = { regex: '(^|/)sandbox(/|$)', message: 'The client shares no code with the sandbox: they meet only on the wire.' };
  const leavesSandbox = (depth) => ({ regex: `^(\\.\\./){${depth}}`, message: 'The sandbox shares no code with the client: they meet only on the wire.' });
  const clientLayers = ['wrike', 'graphql', 'connections', 'http', 'events', 'writes', 'cli'];
  return [
    { files: [...clientLayers.map((layer) => `src/${layer}/**/*.ts`), 'src/*.ts'], ignores: ['src/main.ts'], rules: { [rule]: ['error', { patterns: [noSandbox] }] } },
    { files: ['src/sandbox/*.ts'], rules: { [rule]: ['error', { patterns: [leavesSandbox(1)] }] } },
    { files: ['src/sandbox/*/*.ts'], rules: { [rule]: ['error', { patterns: [leavesSandbox(2)] }] } },
    {
      files: ['src/unified/**/*.ts'],
      rules: {
        [rule]: ['error', {
          paths: ['axios', 'dataloader', 'pg', 'ioredis', 'better-sqlite3', 'express', 'graphql', 'lru-cache'].map((name) => ({ name, message: 'src/unified is pure: data in, data out, no I/O.' })),
          patterns: [
            noSandbox,
            { regex: '^node:', message: 'src/unified is pure: data in, data out, no I/O.' },
            { regex: '^\\.\\./', allowTypeImports: true, message: 'src/unified is pure: it may name other layers\' types, never call them.' },
          ],
        }],
      },
    },
    {
      // The Wrike layer speaks Wrike only: it may name the mapping's types (rules it applies are handed in).
      files: ['src/wrike/**/*.ts'],
      rules: {
        [rule]: ['error', {
          patterns: [
            noSandbox,
            { regex: '^(\\.\\./)+unified(/|$)', allowTypeImports: true, message: 'src/wrike applies rules it is handed; it names src/unified\'s types only (docs/ARCHITECTURE.md).' },
            { regex: '^(\\.\\./)+(graphql|http|connections|events|writes|cli)(/|$)', message: 'src/wrike sits at the bottom: nothing above it (docs/ARCHITECTURE.md).' },
          ],
        }],
      },
    },
    {
      // Beside the request path: linked accounts, events and writes serve src/graphql and src/http, never call them.
      files: ['src/connections/**/*.ts', 'src/events/**/*.ts', 'src/writes/**/*.ts'],
      rules: {
        [rule]: ['error', { patterns: [noSandbox, { regex: '^(\\.\\./)+(graphql|http)(/|$)', message: 'This layer serves src/graphql and src/http; it does not import them (docs/ARCHITECTURE.md).' }] }],
      },
    },
    {
      files: ['src/graphql/**/*.ts'],
      rules: { [rule]: ['error', { patterns: [noSandbox, { regex: '^(\\.\\./)+http(/|$)', message: 'src/graphql serves src/http; it does not import it (docs/ARCHITECTURE.md).' }] }] },
    },
    {
      files: ['src/http/**/*.ts'],
      rules: {
        [rule]: ['error', {
          patterns: [noSandbox, { regex: '^(\\.\\./)+wrike(/|$)', allowTypeImports: true, message: 'Routes reach Wrike through src/graphql (the request context, writes); they parse requests and pick status codes.' }],
        }],
      },
    },
  ];
}
