/**
 * A native add-on (better-sqlite3) is built for one Node.js ABI; after switching Node.js without rebuilding it, Node
 * refuses to load it with a long NODE_MODULE_VERSION message that does not say what to do. This turns that message
 * into one sentence that does. Pure: the error and the running Node in, the sentence (or undefined) out.
 */

/** Node.js majors by the NODE_MODULE_VERSION their add-ons are built for (nodejs.org/dist/index.json, `modules`). */
const NODE_MAJOR_BY_ABI: Record<string, string> = {
  '83': '14', '88': '15', '93': '16', '102': '17', '108': '18', '111': '19', '115': '20', '120': '21', '127': '22', '131': '23', '137': '24', '141': '25',
};

/** The sentence for an add-on built for another Node.js, or undefined for any other error. */
export function nodeAbiMismatch(error: unknown, running: { version: string } = { version: process.version }): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const versions = /NODE_MODULE_VERSION (\d+)\.[\s\S]*?requires\s+NODE_MODULE_VERSION (\d+)/.exec(message);
  if (!versions) return undefined;
  const [, built, needed] = versions as unknown as [string, string, string];
  // The package the add-on belongs to: the last node_modules/<name> (or @scope/name) in its path.
  const modulePath = /module '([^']+)'/.exec(message)?.[1] ?? '';
  const name = [...modulePath.matchAll(/node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/g)].pop()?.[1]?.replace('\\', '/') ?? 'a native module';
  const builtFor = NODE_MAJOR_BY_ABI[built] ? `Node.js ${NODE_MAJOR_BY_ABI[built]}` : 'another Node.js';
  return `${name} was installed for ${builtFor} (NODE_MODULE_VERSION ${built}) but this is Node.js ${running.version} `
    + `(NODE_MODULE_VERSION ${needed}): run \`npm rebuild\` after switching Node.js, then start again`;
}
