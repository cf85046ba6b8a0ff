import { etaSeconds, progressBar, progressLine, type ProgressState } from '../../src/export/progress';
import { proxyBaseOf } from '../../src/export/proxy-reader';
import { newCheckpoint, wrikeSecond } from '../../src/export/checkpoint';

const state = (over: Partial<ProgressState> = {}): ProgressState => ({
  stage: 'tickets', records: 12_000, stageTotal: 50_000, callsDone: 30, callsPlanned: 120, elapsedMs: 10_000, ...over,
});

describe('export progress', () => {
  it('estimates the time left from this run\'s call rate', () => {
    expect(etaSeconds(state())).toBe(30); // 90 calls left at 3 a second
    expect(etaSeconds(state({ callsDone: 0 }))).toBeUndefined();
  });

  it('draws a bar with the stage, its records of its total, the calls and the ETA', () => {
    expect(progressBar(state(), 10)).toBe('[###-------]  25% tickets 12,000/50,000 · 30/120 calls · ETA 0:30');
    expect(progressBar(state({ callsDone: 0, stageTotal: undefined }), 4)).toBe('[----]   0% tickets 12,000 · 0/120 calls · ETA --:--');
  });

  it('writes one JSON line when not on a terminal', () => {
    expect(JSON.parse(progressLine(state()))).toEqual({
      stage: 'tickets', records: 12_000, stageTotal: 50_000, calls: 30, callsPlanned: 120, elapsedSeconds: 10, etaSeconds: 30,
    });
  });
});

describe('export plumbing', () => {
  it('finds the proxy from the service\'s /graphql address or its root', () => {
    expect(proxyBaseOf('http://localhost:4000/graphql')).toBe('http://localhost:4000/proxy/wrike/api/v4');
    expect(proxyBaseOf('https://api.example.com/wrike/')).toBe('https://api.example.com/wrike/proxy/wrike/api/v4');
    expect(proxyBaseOf('http://localhost:4000/graphql?x=1')).toBe('http://localhost:4000/proxy/wrike/api/v4');
  });

  it('takes the feed point at the start of the first run, in Wrike\'s whole seconds', () => {
    expect(wrikeSecond(new Date('2026-12-02T10:11:12.987Z'))).toBe('2026-12-02T10:11:12Z');
    expect(newCheckpoint(null, new Date('2026-12-02T10:11:12.987Z'))).toMatchObject({ feedSince: '2026-12-02T10:11:12Z', done: [], counts: {} });
  });
});
