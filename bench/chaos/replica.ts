import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, memoryOf, waitUntilUp } from '../harness';

/**
 * One built subgraph process of the chaos run (`node dist/src/main.js`, production mode), its logs kept for the
 * secrets check. It can be killed with SIGKILL and started again on the same port; an exit the run did not cause is
 * recorded as such.
 */
export class Replica {
  child!: ChildProcess;
  /** Bumped on every kill: a request in flight across a bump was cut by the kill. */
  generation = 0;
  /**
   * Whether the balancer sends it requests: not from the kill until it is started again (while it dies, its port may
   * still take a connection it will never answer). From the start on, a refused connection goes to the other.
   */
  accepting = false;
  readonly logs: string[] = [];
  /** Exits the run did not cause (a crash). */
  readonly crashes: string[] = [];
  private expectingExit = false;

  private constructor(readonly name: string, readonly port: number, private readonly env: Record<string, string>) {}

  /** A replica with its port, not started yet (a balancer can know it before it answers). */
  static async create(name: string, env: Record<string, string>): Promise<Replica> {
    return new Replica(name, await freePort(), env);
  }

  static async start(name: string, env: Record<string, string>): Promise<Replica> {
    const replica = await Replica.create(name, env);
    await replica.spawn();
    return replica;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  get up(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resident memory in MB; NaN once the process is gone (its crash is recorded, and reported, apart). */
  rssMb(): number {
    if (!this.up) return NaN;
    try {
      return Math.round(memoryOf(this.child.pid!).rssMb);
    } catch {
      return NaN; // it exited between the check and the read
    }
  }

  /** SIGKILL: no drain, no goodbye; resolves once the process is gone. */
  async kill(): Promise<void> {
    if (!this.up) return; // it died on its own (recorded as a crash): waiting for its exit would hang the run
    this.expectingExit = true;
    this.accepting = false;
    this.generation++;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** Starts the process (again, on the same port) and waits until it answers /healthz. */
  async run(): Promise<void> {
    await this.spawn();
  }

  /** SIGTERM: answers the exit code and how long the exit took. */
  async terminate(): Promise<{ code: number | null; ms: number }> {
    this.expectingExit = true;
    const started = Date.now();
    if (!this.up) return { code: this.child.exitCode, ms: 0 };
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const code = await exited;
    return { code, ms: Date.now() - started };
  }

  private async spawn(): Promise<void> {
    this.expectingExit = false;
    const child = spawn(process.execPath, [path.resolve(__dirname, '../../src/main.js')], {
      env: { ...process.env, ...this.env, NODE_ENV: 'production', PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => this.logs.push(String(chunk)));
    child.stderr!.on('data', (chunk: Buffer) => this.logs.push(String(chunk)));
    child.on('exit', (code, signal) => {
      if (!this.expectingExit && this.child === child) {
        const lastLines = this.logs.join('').trimEnd().split('\n').slice(-15).join('\n');
        this.crashes.push(`replica ${this.name} exited on its own (code ${code}, signal ${signal}); its last log lines:\n${lastLines}`);
      }
    });
    this.accepting = true;
    await waitUntilUp(`http://127.0.0.1:${this.port}/healthz`, child);
  }
}
