#!/usr/bin/env node
/** The `wrike-subgraph` command: its sub-commands. */
import { exportCommand } from './export';

const [command, ...args] = process.argv.slice(2);
if (command === 'export') {
  exportCommand(args).then((code) => process.exit(code), (error: unknown) => {
    console.error(`export: ${(error as Error).message}`);
    process.exit(1);
  });
} else {
  console.error('usage: wrike-subgraph export [--url <service>] [--key <api key>] [--connection <id>] [--out <folder> | --to <postgres://...>] [--comments all|recent|none] [--follow [seconds]] [--restart]');
  process.exit(2);
}
