import http from 'node:http';
import type { Rig } from './harness';
import type { SandboxStore } from '../src/sandbox/store';
import type { Task } from '../src/sandbox/model';

export interface MemoryRow {
  name: string;
  startMb: number;
  endMb: number;
  peakMb: number;
  samplesMb: number[];
}

/** Grows a tree of `count` sub-tasks under `root` (branching 10), straight in the sandbox's store: a fixture. */
export function growTree(store: SandboxStore, root: Task, count: number): void {
  let frontier = [root];
  let made = 0;
  while (made < count) {
    const next: Task[] = [];
    for (const parent of frontier) {
      for (let k = 0; k < 10 && made < count; k++, made++) {
        const id = store.ids.classic('task');
        const child: Task = { ...parent, id, title: `Tree node ${made}`, parentIds: [], superTaskIds: [parent.id], subTaskIds: [], customFields: [], metadata: [] };
        store.tasks.set(id, child);
        parent.subTaskIds.push(id);
        next.push(child);
      }
    }
    frontier = next;
  }
}

async function sampled(rig: Rig, name: string, steps: number, step: (i: number) => Promise<void>): Promise<MemoryRow> {
  const startMb = rig.rssMb();
  const samplesMb: number[] = [];
  for (let i = 0; i < steps; i++) {
    await step(i);
    if (i % Math.max(1, Math.floor(steps / 10)) === 0) samplesMb.push(Math.round(rig.rssMb()));
  }
  return { name, startMb: Math.round(startMb), endMb: Math.round(rig.rssMb()), peakMb: Math.round(rig.peakRssMb()), samplesMb };
}

/** Server memory while paging 50,000 tickets, walking a 5,000-ticket tree, and streaming a 100 MB upload. */
export async function memory(rig: Rig): Promise<MemoryRow[]> {
  const rows: MemoryRow[] = [];
  let after: string | null = null;
  rows.push(await sampled(rig, 'paging 50,000 tickets, 100 at a time', 500, async () => {
    const res: any = await rig.gql('query($a: String) { tickets(first: 100, after: $a, filter: { includeSubtasks: true }) { pageInfo { endCursor } nodes { id title priority assignees { name } } } }', { a: after });
    after = res.data.tickets.pageInfo.endCursor;
  }));

  const store = rig.sandbox.store;
  const root = [...store.tasks.values()].find((t) => t.scope === 'WsTask' && t.subTaskIds.length === 0 && t.parentIds.length > 0)!;
  growTree(store, root, 5000);
  let cursor: string | null = null;
  rows.push(await sampled(rig, 'descendants of a 5,000-ticket tree, 100 at a time', 50, async () => {
    const res: any = await rig.gql('query($id: ID!, $a: String) { ticket(id: $id) { descendants(maxDepth: 10, first: 100, after: $a) { pageInfo { endCursor } edges { depth node { id title } } } } }', { id: root.id, a: cursor });
    cursor = res.data.ticket.descendants.pageInfo.endCursor;
  }));

  const before = rig.rssMb();
  const size = 100 * 1024 * 1024;
  await new Promise<void>((resolve, reject) => {
    const req = http.request(`${rig.url.replace('/graphql', '')}/attachments/upload?ticketId=${root.id}&fileName=big.bin`, {
      method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
    }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`upload answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(1024 * 1024, 7);
    let sent = 0;
    const write = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
  rows.push({ name: 'streaming a 100 MB upload', startMb: Math.round(before), endMb: Math.round(rig.rssMb()), peakMb: Math.round(rig.peakRssMb()), samplesMb: [] });
  return rows;
}
