import { randomBytes } from 'node:crypto';
import type { Sandbox } from '../../src/sandbox/server';
import { TYPED_CODES, pastDeadline, percentile, writeViolations, type WriteRecord } from './checks';

/** What a run of either mode reports; `violations` lists the first 50, `violationsByKind` counts them all. */
export interface LoadFigures {
  seconds: number;
  requests: number;
  reads: number;
  writes: number;
  faults: Record<string, number>;
  errorsByCode: Record<string, number>;
  violations: string[];
  violationsByKind: Record<string, number>;
  writesConfirmed: number;
  writesGivenUp: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** REQUEST_DEADLINE_MS, and the responses that came later than it and the margin. */
  deadlineMs: number;
  pastDeadline: number;
  /** Requests in flight to a replica when it was killed (an answer lost with the process, not a violation). */
  cutByKill: number;
  /** When each fault began (UTC time of day), to read the violations' times against. */
  timeline: string[];
}

const timeOfDay = () => new Date().toISOString().slice(11, 23);

/** The answer to one request: a GraphQL response, a request the kill of its replica cut, or none (a violation). */
type Answer = { status: number; body: any } | 'cut' | undefined;

/**
 * The chaos load: 8 clients of reads whose answer is known (seeded tickets nothing writes to), pages of a
 * collection's tickets, and comments written with an idempotency key and retried (up to six times) until confirmed.
 * Every answer is judged as it comes; the writes are judged at the end against the sandbox's store.
 */
export class ChaosLoad {
  readonly figures: LoadFigures;
  private readonly latencies: number[] = [];
  private readonly writeRecords: WriteRecord[] = [];
  private readonly readable;
  private readonly writable;
  private readonly folderId: string;
  private readonly inFolder: Set<string>;
  /** Tickets the load neither reads nor writes nor lists: free for changes made behind the service's back. */
  readonly spareTicketIds: string[];

  constructor(private readonly options: { url: string; sandbox: Sandbox; seconds: number; deadlineMs: number; marginMs: number }) {
    this.figures = {
      seconds: options.seconds, requests: 0, reads: 0, writes: 0, faults: {}, errorsByCode: {}, violations: [], violationsByKind: {},
      writesConfirmed: 0, writesGivenUp: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, deadlineMs: options.deadlineMs, pastDeadline: 0, cutByKill: 0, timeline: [],
    };
    const store = options.sandbox.store;
    const tasks = [...store.tasks.values()].filter((t) => t.scope === 'WsTask');
    this.readable = tasks.slice(0, 200);
    this.writable = tasks.slice(200, 208);
    const folder = [...store.folders.values()].find((f) => f.scope === 'WsFolder' && !f.space && f.childIds.length === 0 && tasks.some((t) => t.parentIds.includes(f.id)))!;
    this.folderId = folder.id;
    this.inFolder = new Set(tasks.filter((t) => t.parentIds.includes(folder.id) || t.superParentIds.includes(folder.id)).map((t) => t.id));
    this.spareTicketIds = tasks.slice(208).filter((t) => !this.inFolder.has(t.id)).slice(0, 10).map((t) => t.id);
  }

  violation(kind: string, detail: string): void {
    this.figures.violationsByKind[kind] = (this.figures.violationsByKind[kind] ?? 0) + 1;
    if (this.figures.violations.length < 50) this.figures.violations.push(`${timeOfDay()} ${kind}: ${detail}`);
  }

  /**
   * Runs `workers` clients for the run's length (one of them writes only) while `faults` inject one after another,
   * each followed by 3 s of calm, until 5 s before the end.
   */
  async run(workers: number, faults: [string, () => Promise<void> | void][], calm: () => Promise<void> | void): Promise<void> {
    const end = Date.now() + this.options.seconds * 1000;
    const clients = Array.from({ length: workers }, async (_, n) => {
      while (Date.now() < end) {
        const pick = Math.random();
        await (n === 0 || pick < 0.15 ? this.writeOne() : pick < 0.5 ? this.readList() : this.readOne());
      }
    });
    const chaos = (async () => {
      for (let k = 0; Date.now() < end - 5000; k++) {
        const [name, inject] = faults[k % faults.length]!;
        this.figures.faults[name] = (this.figures.faults[name] ?? 0) + 1;
        this.figures.timeline.push(`${timeOfDay()} ${name}`);
        await inject();
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
      await calm();
      this.figures.timeline.push(`${timeOfDay()} calm to the end`);
    })();
    await Promise.all([...clients, chaos]);
    this.figures.p50Ms = Math.round(percentile(this.latencies, 50));
    this.figures.p99Ms = Math.round(percentile(this.latencies, 99));
    this.figures.maxMs = Math.round(Math.max(0, ...this.latencies));
  }

  async warmUp(reads: number): Promise<void> {
    for (let i = 0; i < reads; i++) await this.readOne();
  }

  /** Each confirmed write is in Wrike exactly once; one given up on is there at most once. */
  checkWrites(): void {
    for (const write of this.writeRecords) {
      if (write.confirmed) this.figures.writesConfirmed++;
      else this.figures.writesGivenUp++;
    }
    for (const found of writeViolations(this.writeRecords, [...this.options.sandbox.store.comments.values()])) this.violation('write', found);
  }

  private async gql(query: string, variables: Record<string, unknown>, what: string): Promise<Answer> {
    this.figures.requests++;
    const started = performance.now();
    try {
      const res = await fetch(this.options.url, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(60_000),
      });
      const cut = res.headers.get('x-chaos-cut');
      const text = await res.text();
      if (cut === 'kill') {
        this.figures.cutByKill++;
        return 'cut';
      }
      const ms = performance.now() - started;
      this.latencies.push(ms);
      if (pastDeadline(ms, this.options.deadlineMs, this.options.marginMs)) {
        this.figures.pastDeadline++;
        this.violation('deadline', `${what} answered after ${Math.round(ms)} ms (deadline ${this.options.deadlineMs} ms)`);
      }
      if (cut) {
        this.violation('no answer', `${what}: ${cut} (${text.slice(0, 120)})`);
        return undefined;
      }
      try {
        return { status: res.status, body: JSON.parse(text) };
      } catch {
        this.violation('no answer', `${what}: HTTP ${res.status}, not JSON: ${text.slice(0, 120)}`);
        return undefined;
      }
    } catch (error) {
      this.violation('no answer', `${what}: ${(error as Error).message} after ${Math.round(performance.now() - started)} ms`);
      return undefined;
    }
  }

  /** Errors must be typed; answers whether there were any. */
  private typedErrors(body: any, what: string): boolean {
    for (const error of body?.errors ?? []) {
      const code = String(error.extensions?.code);
      this.figures.errorsByCode[code] = (this.figures.errorsByCode[code] ?? 0) + 1;
      if (!TYPED_CODES.has(code)) this.violation('untyped', `${what}: error ${code}: ${String(error.message).slice(0, 120)}`);
    }
    return (body?.errors ?? []).length > 0;
  }

  private async readOne(): Promise<void> {
    this.figures.reads++;
    const task = this.readable[Math.floor(Math.random() * this.readable.length)]!;
    const res = await this.gql('query($id: ID!) { ticket(id: $id) { id title } }', { id: task.id }, 'ticket');
    if (!res || res === 'cut') return;
    const failed = this.typedErrors(res.body, 'ticket');
    const ticket = res.body?.data?.ticket;
    if (ticket && (ticket.id !== task.id || ticket.title !== task.title)) this.violation('wrong data', `ticket ${task.id}`);
    if (!ticket && !failed) this.violation('null without an error', `ticket ${task.id}`);
  }

  private async readList(): Promise<void> {
    this.figures.reads++;
    const res = await this.gql('query($f: ID!) { collection(id: $f) { id tickets(first: 20) { nodes { id title } } } }', { f: this.folderId }, 'collection.tickets');
    if (!res || res === 'cut') return;
    const failed = this.typedErrors(res.body, 'collection.tickets');
    const nodes = res.body?.data?.collection?.tickets?.nodes;
    if (!nodes && !failed) this.violation('null without an error', 'collection.tickets');
    for (const node of nodes ?? []) {
      const known = this.options.sandbox.store.tasks.get(node.id);
      if (!known || !this.inFolder.has(node.id) || known.title !== node.title) this.violation('wrong data', `collection.tickets: ${node.id}`);
    }
  }

  /** One logical write: a comment with a unique body, retried with its idempotency key until confirmed or given up. */
  private async writeOne(): Promise<void> {
    this.figures.writes++;
    const ticket = this.writable[Math.floor(Math.random() * this.writable.length)]!;
    const body = `chaos ${randomBytes(6).toString('hex')}`;
    const record: WriteRecord = { body, ticketId: ticket.id, confirmed: false };
    this.writeRecords.push(record);
    for (let attempt = 0; attempt < 6 && !record.confirmed; attempt++) {
      const res = await this.gql('mutation($i: CreateCommentInput!) { createComment(input: $i) { comment { id body } userErrors { code message } } }', {
        i: { ticketId: ticket.id, body, idempotencyKey: `chaos-${body.slice(6)}` },
      }, 'createComment');
      if (res === undefined) break;
      if (res !== 'cut') {
        this.typedErrors(res.body, 'createComment');
        const payload = res.body?.data?.createComment;
        if (payload?.userErrors?.length) this.violation('user error', `createComment: ${JSON.stringify(payload.userErrors).slice(0, 120)}`);
        if (payload?.comment) record.confirmed = true;
      }
      if (!record.confirmed) await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
    }
  }
}
