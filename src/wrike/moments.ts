/**
 * A process-wide order of events, finer than any clock: a cache snapshot and a Wrike call each take a moment, so
 * that a call can tell whether it started after a snapshot was taken (see Coalescer.run's `notBefore`).
 */
let last = 0;

export function nextMoment(): number {
  return ++last;
}
