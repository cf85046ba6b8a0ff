import { CallBudget, Semaphore } from '../../src/wrike/rate-limiter';

describe('Semaphore', () => {
  it('never runs more than its limit at once', async () => {
    const slots = new Semaphore(3);
    let active = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 12 }, () => slots.run(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
    })));
    expect(peak).toBe(3);
  });
});

describe('CallBudget', () => {
  it('lets a burst through at once, then holds calls for the refill', async () => {
    const budget = new CallBudget(600, 5); // a burst of 5, then one call every 100 ms
    let done = 0;
    const all = Promise.all(Array.from({ length: 7 }, () => budget.take().then(() => done++)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(5);
    await all;
    expect(done).toBe(7);
  });
});
