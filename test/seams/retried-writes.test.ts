import { Client } from 'pg';
import { createTestDatabase, postgresUp } from '../helpers/postgres';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { fingerprint } from '../../src/graphql/mutations/problems';

/**
 * The seam between a write and its retry on another replica: the first attempt's replica may have died mid-write
 * (its idempotency key left `pending` in the shared store), or may be alive and slow. Either way the retry answers
 * within its own request's deadline, and the comment exists at most once. The rows below are written as another
 * replica would have left them. The fetch bound (HANG) is far above REQUEST_DEADLINE_MS: it only turns a hang (the
 * old 60 s wait) into a failure.
 */
const postgresOk = postgresUp();

const HANG = 20_000;
const LEASE_MS = 6_000;

(postgresOk ? describe : describe.skip)('a retried comment whose first attempt was made by another replica', () => {
  let subgraph: SubgraphHarness;
  let db: { url: string; drop(): Promise<void> };
  let sql: Client;
  let ticketId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    subgraph = await startSubgraph({ DATABASE_URL: db.url, REQUEST_DEADLINE_MS: '3000' });
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    ticketId = [...subgraph.server.sandbox!.store.tasks.values()].find((t) => t.scope === 'WsTask')!.id;
  });
  afterAll(async () => {
    await sql?.end();
    await subgraph?.close();
    await db?.drop();
  });

  /** The key's row as the other replica left it: pending since `since`, its lease until `leaseUntil`. */
  const leavePending = async (key: string, body: string, since: number, leaseUntil: number) => {
    await sql.query(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, state, result_id, since, expires_at, lease_until)
       VALUES ('default:createComment', $1, $2, 'pending', NULL, $3, $4, $5)`,
      [key, fingerprint({ ticketId, body }), since, since + 3_600_000, leaseUntil],
    );
  };
  const retry = async (key: string, body: string) => {
    const response = await fetch(subgraph.server.url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, signal: AbortSignal.timeout(HANG),
      body: JSON.stringify({
        query: 'mutation($input: CreateCommentInput!) { createComment(input: $input) { comment { id body } userErrors { code } } }',
        variables: { input: { ticketId, body, idempotencyKey: key } },
      }),
    });
    return (await response.json()) as any;
  };
  const commentsWith = (body: string) => [...subgraph.server.sandbox!.store.comments.values()].filter((c) => c.taskId === ticketId && c.text.includes(body));
  const stateOf = async (key: string) => (await sql.query('SELECT state, result_id FROM idempotency_keys WHERE key = $1', [key])).rows[0];

  it('its replica died after Wrike took the write: the retry finds that comment once the lease lapsed, and writes none', async () => {
    const body = 'Written by a replica that was killed before it could answer';
    const since = Date.now() - LEASE_MS - 2000;
    await leavePending('killed-after-write', body, since, since + LEASE_MS);
    // The dead replica's write reached Wrike (as the same user) just after it claimed the key.
    const [landed] = await subgraph.wrike('POST', `/tasks/${ticketId}/comments`, { text: body });

    const answer = await retry('killed-after-write', body);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.createComment.comment.id).toBe(landed.id);
    expect(commentsWith(body)).toHaveLength(1);
    expect(await stateOf('killed-after-write')).toEqual({ state: 'done', result_id: landed.id });
  });

  it('its replica died before the write reached Wrike: the retry writes it, once', async () => {
    const body = 'Never sent by a replica that was killed';
    const since = Date.now() - LEASE_MS - 2000;
    await leavePending('killed-before-write', body, since, since + LEASE_MS);

    const answer = await retry('killed-before-write', body);
    expect(answer.errors).toBeUndefined();
    expect(commentsWith(body)).toHaveLength(1);
    expect(answer.data.createComment.comment.id).toBe(commentsWith(body)[0]!.id);
    // And again: the first result, nothing new.
    expect((await retry('killed-before-write', body)).data.createComment.comment.id).toBe(answer.data.createComment.comment.id);
    expect(commentsWith(body)).toHaveLength(1);
  });

  it('its replica is alive and still writing (its lease renewed): the retry answers WRITE_OUTCOME_UNKNOWN within its deadline, and writes nothing', async () => {
    const body = 'Still being written by a slow replica';
    const now = Date.now();
    await leavePending('alive-and-slow', body, now - 1000, now + 60_000);

    const answer = await retry('alive-and-slow', body);
    expect(answer.data).toBeNull();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0].extensions).toEqual({ code: 'WRITE_OUTCOME_UNKNOWN', idempotencyKey: 'alive-and-slow' });
    expect(answer.errors[0].message).toMatch(/still settling/);
    expect(commentsWith(body)).toHaveLength(0);
    expect((await stateOf('alive-and-slow')).state).toBe('pending');

    // The slow replica finishes: the next retry gets its comment.
    const [written] = await subgraph.wrike('POST', `/tasks/${ticketId}/comments`, { text: body });
    await sql.query("UPDATE idempotency_keys SET state = 'done', result_id = $1 WHERE key = 'alive-and-slow'", [written.id]);
    expect((await retry('alive-and-slow', body)).data.createComment.comment.id).toBe(written.id);
    expect(commentsWith(body)).toHaveLength(1);
  });

  it('a write Wrike answers only after the deadline: WRITE_OUTCOME_UNKNOWN at the deadline, never a failure, and the retry returns that write', async () => {
    const body = 'Answered by Wrike after the request deadline';
    await subgraph.control('/faults', { method: 'PUT', body: { latencyMs: 3500 } });
    let answer: any;
    try {
      answer = await retry('slow-wrike-1', body);
    } finally {
      await subgraph.control('/faults', { method: 'PUT', body: { latencyMs: 0 } });
    }
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0].extensions.code).toBe('WRITE_OUTCOME_UNKNOWN');
    // The write went on after the answer: once it lands, the retry with the key gets it, and nothing is written twice.
    const landed = async () => commentsWith(body).length === 1 && (await stateOf('slow-wrike-1'))?.state === 'done';
    for (let i = 0; i < 40 && !(await landed()); i++) await new Promise((resolve) => setTimeout(resolve, 250));
    const again = await retry('slow-wrike-1', body);
    expect(again.errors).toBeUndefined();
    expect(again.data.createComment.comment.id).toBe(commentsWith(body)[0]!.id);
    expect(commentsWith(body)).toHaveLength(1);
  });
});

describe('a write that went out and then failed after its request\'s deadline', () => {
  let subgraph: SubgraphHarness;
  let ticketId: string;
  beforeAll(async () => {
    // Wrike's time-out (2 s) comes after the request's deadline (1 s): the write is still out when the request ends.
    subgraph = await startSubgraph({ REQUEST_DEADLINE_MS: '1000', WRIKE_TIMEOUT_MS: '2000' });
    ticketId = [...subgraph.server.sandbox!.store.tasks.values()].find((t) => t.scope === 'WsTask')!.id;
  });
  afterAll(() => subgraph?.close());

  const create = async (key: string, body: string) => {
    const response = await fetch(subgraph.server.url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, signal: AbortSignal.timeout(HANG),
      body: JSON.stringify({
        query: 'mutation($input: CreateCommentInput!) { createComment(input: $input) { comment { id } userErrors { code } } }',
        variables: { input: { ticketId, body, idempotencyKey: key } },
      }),
    });
    return (await response.json()) as any;
  };
  const commentsWith = (body: string) => [...subgraph.server.sandbox!.store.comments.values()].filter((c) => c.taskId === ticketId && c.text.includes(body));

  it('keeps its key (outcome unknown), so the retry finds the comment Wrike made instead of writing it again', async () => {
    const body = 'Made by Wrike, whose answer came after the client gave up';
    // Wrike makes the comment when the call arrives and answers 3 s later: after the client's 2 s time-out.
    await subgraph.control('/faults', { method: 'PUT', body: { routeLatencyMs: { 'POST /tasks/:taskId/comments': 3000 } } });
    let first: any;
    try {
      first = await create('timed-out-write', body);
      expect(first.errors?.[0]?.extensions?.code).toBe('WRITE_OUTCOME_UNKNOWN');
      // Past the client's time-out: the write has failed on the client's side by now.
      await new Promise((resolve) => setTimeout(resolve, 2500));
    } finally {
      await subgraph.control('/faults', { method: 'PUT', body: { routeLatencyMs: {} } });
    }
    expect(commentsWith(body)).toHaveLength(1);
    const again = await create('timed-out-write', body);
    expect(again.errors).toBeUndefined();
    expect(again.data.createComment.comment.id).toBe(commentsWith(body)[0]!.id);
    expect(commentsWith(body)).toHaveLength(1);
  });
});
