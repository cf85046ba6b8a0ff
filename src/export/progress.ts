import type { RecordType } from './checkpoint';

/** Where an export stands: a stage, records written, Wrike calls made and still to make. */
export interface ProgressState {
  /** A backfill stage, then `changes` (the change feeds' passes), then `done`. */
  stage: RecordType | 'changes' | 'done';
  records: number;
  /** Records of the stage when known (tickets: Wrike's count of matches). */
  stageTotal?: number;
  callsDone: number;
  /** Calls the whole export is expected to make (this run), as far as it is known yet. */
  callsPlanned: number;
  elapsedMs: number;
}

/** Seconds left, from the call rate this run has had so far; undefined until there is a rate. */
export function etaSeconds(state: ProgressState): number | undefined {
  if (state.callsDone === 0 || state.elapsedMs === 0) return undefined;
  const perMs = state.callsDone / state.elapsedMs;
  return Math.max(0, Math.round((state.callsPlanned - state.callsDone) / perMs / 1000));
}

function clock(seconds: number | undefined): string {
  if (seconds === undefined) return '--:--';
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m` : `${m}:${String(s).padStart(2, '0')}`;
}

/** One terminal line: a bar over the planned calls, the stage, its records, the calls and the time left. */
export function progressBar(state: ProgressState, width = 24): string {
  const ratio = state.callsPlanned > 0 ? Math.min(1, state.callsDone / state.callsPlanned) : 0;
  const filled = Math.round(ratio * width);
  const of = state.stageTotal !== undefined ? `/${state.stageTotal.toLocaleString('en-US')}` : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ` +
    `${state.stage} ${state.records.toLocaleString('en-US')}${of} · ${state.callsDone}/${state.callsPlanned} calls · ETA ${clock(etaSeconds(state))}`;
}

/** One JSON line, for logs and other programs (what is shown when the output is not a terminal). */
export function progressLine(state: ProgressState): string {
  return JSON.stringify({
    stage: state.stage, records: state.records, stageTotal: state.stageTotal ?? null, calls: state.callsDone,
    callsPlanned: state.callsPlanned, elapsedSeconds: Math.round(state.elapsedMs / 1000), etaSeconds: etaSeconds(state) ?? null,
  });
}

/** Shows progress: a bar redrawn in place on a terminal, else one JSON line per step. */
export function progressReporter(stream: NodeJS.WriteStream): (state: ProgressState) => void {
  if (stream.isTTY) {
    return (state) => stream.write(`\r\x1b[2K${progressBar(state)}${state.stage === 'done' ? '\n' : ''}`);
  }
  return (state) => stream.write(`${progressLine(state)}\n`);
}
