import { untilAborted } from '../../src/graphql/context';

/**
 * A budget status read left behind by an aborted request must not reject unhandled: in the server that ends the
 * process (the chaos run lost a replica this way while Redis stalled).
 */
describe('untilAborted', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('answers the abort reason, and the work it left behind rejects handled, when the signal had already fired', async () => {
    const controller = new AbortController();
    controller.abort(new Error('request ended'));
    let fail!: (error: Error) => void;
    const work = new Promise<number>((_, reject) => { fail = reject; });
    await expect(untilAborted(work, controller.signal)).rejects.toThrow('request ended');
    fail(new Error('Command timed out'));
    await settle();
    expect(unhandled).toEqual([]);
  });

  it('answers the abort reason when the signal fires first, the work rejecting later handled', async () => {
    const controller = new AbortController();
    let fail!: (error: Error) => void;
    const work = new Promise<number>((_, reject) => { fail = reject; });
    const answer = untilAborted(work, controller.signal);
    controller.abort(new Error('deadline'));
    await expect(answer).rejects.toThrow('deadline');
    fail(new Error('Command timed out'));
    await settle();
    expect(unhandled).toEqual([]);
  });

  it('answers the work when it settles first', async () => {
    await expect(untilAborted(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
  });
});
