import { nodeAbiMismatch } from '../../src/connections/native-modules';

/** Node's own message when an add-on built for another Node.js is loaded (src/node_binding.cc), path aside. */
const dlopenError = (built: number, needed: number, file = '/home/me/wrike-subgraph/node_modules/better-sqlite3/build/Release/better_sqlite3.node') =>
  Object.assign(new Error(`The module '${file}'
was compiled against a different Node.js version using
NODE_MODULE_VERSION ${built}. This version of Node.js requires
NODE_MODULE_VERSION ${needed}. Please try re-compiling or re-installing
the module (for instance, using \`npm rebuild\` or \`npm install\`).`), { code: 'ERR_DLOPEN_FAILED' });

describe('an add-on built for another Node.js', () => {
  it('is one sentence: which package, both Node.js versions, and to run npm rebuild', () => {
    expect(nodeAbiMismatch(dlopenError(115, 137), { version: 'v24.11.0' })).toBe(
      'better-sqlite3 was installed for Node.js 20 (NODE_MODULE_VERSION 115) but this is Node.js v24.11.0 (NODE_MODULE_VERSION 137): '
      + 'run `npm rebuild` after switching Node.js, then start again',
    );
    expect(nodeAbiMismatch(dlopenError(127, 115), { version: 'v20.19.5' })).toContain('installed for Node.js 22 (NODE_MODULE_VERSION 127) but this is Node.js v20.19.5');
  });

  it('names an ABI it does not know as another Node.js, and a scoped package by its full name', () => {
    const sentence = nodeAbiMismatch(dlopenError(999, 137, 'C:\\app\\node_modules\\@scope\\addon\\build\\Release\\addon.node'), { version: 'v24.0.0' });
    expect(sentence).toMatch(/^@scope\/addon was installed for another Node\.js \(NODE_MODULE_VERSION 999\)/);
    expect(sentence).toContain('npm rebuild');
  });

  it('leaves every other error alone', () => {
    expect(nodeAbiMismatch(new Error('SQLITE_CANTOPEN: unable to open database file'))).toBeUndefined();
    expect(nodeAbiMismatch(undefined)).toBeUndefined();
  });
});
