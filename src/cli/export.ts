/**
 * `wrike-subgraph export` (or `npm run export --`): a linked account's whole account, read through the running
 * service's Wrike proxy (its call budget and scope), into NDJSON files or PostgreSQL tables; resumable.
 *
 *   --url <service>         the service (default $WRIKE_SUBGRAPH_URL, else http://localhost:4000)
 *   --key <api key>         a tenant's API key (default $WRIKE_SUBGRAPH_API_KEY; none in open mode)
 *   --connection <id>       the linked account (default: the tenant's only one)
 *   --out <folder>          NDJSON files, one per type, and checkpoint.json (default ./export)
 *   --to <postgres://...>   PostgreSQL tables wrike_<type> instead of files
 *   --comments all|recent|none   every ticket's comments (default: one call a ticket), the last 7 days only, or none
 *   --follow [seconds]      after the backfill and its catch-up from the change feeds, keep following them (every 30 s)
 *   --restart               forget an earlier run's checkpoint and data, and begin again
 */
import { ProxyReader } from '../export/proxy-reader';
import { NdjsonSink, PostgresSink } from '../export/sinks';
import { progressReporter } from '../export/progress';
import { ExportError, runExport } from '../export/run';
import { RECORD_TYPES } from '../export/checkpoint';

const CONNECTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

export async function exportCommand(args: string[]): Promise<number> {
  const valued = new Set(['--url', '--key', '--connection', '--out', '--to', '--comments']);
  for (let i = 0; i < args.length; i++) {
    if (valued.has(args[i]!) && args[i + 1] !== undefined) i++;
    else if (args[i] === '--follow' && /^\d+$/.test(args[i + 1] ?? '')) i++;
    else if (args[i] !== '--restart' && args[i] !== '--follow') {
      console.error(`export: unexpected ${args[i]} (options: --url, --key, --connection, --out, --to, --comments, --follow, --restart)`);
      return 2;
    }
  }
  const connectionId = option(args, 'connection') ?? null;
  if (connectionId !== null && !CONNECTION_ID.test(connectionId)) {
    console.error('export: --connection takes a connection id (letters, digits, _ and -)');
    return 2;
  }
  const to = option(args, 'to');
  if (to !== undefined && !/^postgres(ql)?:\/\//.test(to)) {
    console.error('export: --to takes a postgres:// address (or use --out <folder> for NDJSON files)');
    return 2;
  }
  const comments = option(args, 'comments') ?? 'all';
  if (comments !== 'all' && comments !== 'recent' && comments !== 'none') {
    console.error('export: --comments takes all, recent or none');
    return 2;
  }
  const reader = new ProxyReader({
    serviceUrl: option(args, 'url') ?? process.env.WRIKE_SUBGRAPH_URL ?? 'http://localhost:4000',
    apiKey: option(args, 'key') ?? process.env.WRIKE_SUBGRAPH_API_KEY,
    connectionId: connectionId ?? undefined,
  });
  const followAt = args.indexOf('--follow');
  const everySeconds = followAt >= 0 && /^\d+$/.test(args[followAt + 1] ?? '') ? Number(args[followAt + 1]) : 30;
  // Following runs until the process is stopped (Ctrl-C, SIGTERM): a stop anywhere is safe, as every page is
  // committed with its cursor.
  const sink = to ? new PostgresSink(to) : new NdjsonSink(option(args, 'out') ?? './export');
  try {
    const summary = await runExport({
      wrike: reader.asCaller(), callsMade: () => reader.calls, sink, connectionId, comments,
      feed: reader, follow: followAt >= 0 ? { everyMs: Math.max(1, everySeconds) * 1000 } : undefined,
      restart: args.includes('--restart'), report: progressReporter(process.stderr.isTTY ? process.stderr : process.stdout),
    });
    const counts = RECORD_TYPES.map((type) => `${type} ${summary.checkpoint.counts[type] ?? 0}`).join(', ');
    console.error(`export ${summary.resumed ? 'resumed and ' : ''}finished: ${counts}; ${summary.calls} calls in ${Math.round(summary.elapsedMs / 1000)} s.`);
    const changes = summary.changes;
    if (changes) console.error(`From the change feeds since ${summary.checkpoint.feedSince}: ${changes.tickets} tickets written again, ${changes.removed} removed, ${changes.comments} comments.`);
    console.error('Run the same command again (or with --follow) to bring the copy up to date.');
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`export stopped: ${message}${error instanceof ExportError ? '' : '. Run the same command again to resume from the last checkpoint.'}`);
    return 1;
  }
}
