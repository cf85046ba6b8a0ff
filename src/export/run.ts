import {
  ATTACHMENT_WINDOW_MS, COMMENT_LIST_LIMIT, COMMENT_WINDOW_MS, TASK_LIST_OPTIONAL_FIELDS, getFolderTree, getFolders, getSpaces,
  getCommentsUpdated, getTaskComments, listAttachmentsCreatedIn, listCustomFields, listPeople, listTimelogs, queryTasks,
  type TaskListField,
} from '../wrike/endpoints';
import type { WrikeComment, WrikeTask } from '../wrike/types';
import { ExportReadError } from './proxy-reader';
import type { WrikeCaller } from '../wrike/rounds';
import { isCollectionFolder } from '../unified/collection';
import { ExportError, newCheckpoint, wrikeSecond, type Checkpoint, type RecordType } from './checkpoint';
import type { ExportSink } from './sinks';
import type { ProgressState } from './progress';
import { applyChanges, type FeedClient, type FeedPass } from './feed';

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** Wrike's largest task page, and the most ids one by-id call takes. */
export const TASK_PAGE_SIZE = 1000;
const IDS_PER_CALL = 100;
/** Tickets whose comments are read between two checkpoints. */
const COMMENT_TICKETS_PAGE = 100;
const SECOND_MS = 1000;

export interface ExportOptions {
  /** Reads Wrike (through the service's proxy: see proxy-reader.ts). */
  wrike: WrikeCaller;
  /** How many calls the reader has made: progress counts them. */
  callsMade: () => number;
  sink: ExportSink;
  connectionId: string | null;
  /** Begin again, forgetting an earlier run's checkpoint and data. */
  restart?: boolean;
  /**
   * Comments: `all` (default) reads every ticket's comments, one call a ticket, since Wrike's account-wide list
   * reaches back only 7 days; `recent` reads that list alone (the last 7 days); `none` skips them.
   */
  comments?: 'all' | 'recent' | 'none';
  /** Calls in flight at once within a step (comment lists of a page, attachment windows). */
  concurrency?: number;
  report?: (state: ProgressState) => void;
  now?: () => Date;
  /**
   * The service's change feeds: given, the backfill is followed by a pass over them that brings the copy up to now
   * (feed.ts), and with `follow`, by one pass every `everyMs` until `signal` aborts.
   */
  feed?: FeedClient;
  follow?: { everyMs: number; signal?: AbortSignal };
}

export interface ExportSummary {
  checkpoint: Checkpoint;
  /** What the change feeds brought after the backfill, over every pass of this run. */
  changes?: FeedPass;
  /** Whether this run took up an earlier run's checkpoint. */
  resumed: boolean;
  calls: number;
  elapsedMs: number;
}

export { ExportError };

/**
 * A connection's whole account, at the call floor: one call for each account-wide list (people, spaces, custom
 * fields, the folder tree, time logs), 100 folders a call, tasks in pages of 1,000 by creation time (a keyset, so a
 * resume never repeats or skips a task), comments in windows under 7 days (one call a window; a window that comes
 * back full is split) and attachments in windows under 31 days, from the earliest creation seen to the moment the
 * first run began. A checkpoint is committed with the data after every step.
 */
export async function runExport(options: ExportOptions): Promise<ExportSummary> {
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  const callsAtStart = options.callsMade();
  const saved = await options.sink.open(options.restart ?? false);
  try {
    return await exportFrom(saved);
  } finally {
    await options.sink.close();
  }

  async function exportFrom(saved: Checkpoint | undefined): Promise<ExportSummary> {
    if (saved && saved.connectionId !== options.connectionId) {
      throw new ExportError(`This folder or database holds an export of connection ${saved.connectionId ?? '(the only one)'}: resume with that connection, or pass --restart`);
    }
    const checkpoint = saved ?? newCheckpoint(options.connectionId, now());
    const planned: Partial<Record<RecordType, number>> = {};
    let stage: RecordType | 'changes' = 'users';
    let stageTotal: number | undefined;
    const report = () => options.report?.({
      stage, records: stage === 'changes' ? 0 : checkpoint.counts[stage] ?? 0, stageTotal,
      callsDone: options.callsMade() - callsAtStart,
      callsPlanned: Object.values(planned).reduce((a, b) => a + b, 0),
      elapsedMs: Date.now() - started,
    });
    const write = async (type: RecordType, records: { id: string }[]) => {
      await options.sink.write(type, records);
      checkpoint.counts[type] = (checkpoint.counts[type] ?? 0) + records.length;
    };
    const commit = async () => {
      await options.sink.commit(checkpoint);
      report();
    };
    const noteEarliest = (created: string | undefined) => {
      if (created && (checkpoint.earliest === undefined || created < checkpoint.earliest)) checkpoint.earliest = created;
    };
    const windowCount = (windowMs: number, from: string | undefined) =>
      Math.max(1, Math.ceil((Date.parse(checkpoint.feedSince) - Date.parse(from ?? checkpoint.feedSince)) / (windowMs + SECOND_MS)));

    const stages: Record<RecordType, () => Promise<void>> = {
      users: async () => write('users', await listPeople(options.wrike)),
      workspaces: async () => write('workspaces', await getSpaces(options.wrike)),
      fields: async () => write('fields', await listCustomFields(options.wrike)),
      collections: async () => {
        const tree = await getFolderTree(options.wrike);
        const ids = tree.filter((entry) => isCollectionFolder({ scope: entry.scope, space: entry.space })).map((entry) => entry.id);
        planned.collections = 1 + Math.ceil(ids.length / IDS_PER_CALL);
        for (let at = 0; at < ids.length; at += IDS_PER_CALL) {
          const folders = await getFolders(options.wrike, ids.slice(at, at + IDS_PER_CALL));
          for (const folder of folders) noteEarliest(folder.createdDate);
          await write('collections', folders);
        }
      },
      tickets: async () => {
        await walkTasks('tickets', TASK_PAGE_SIZE, [...TASK_LIST_OPTIONAL_FIELDS], async (tasks, page) => {
          const done = checkpoint.counts.tickets ?? 0;
          stageTotal = done + (page.responseSize ?? tasks.length);
          planned.tickets = Math.ceil(done / TASK_PAGE_SIZE) + Math.ceil(Math.max(1, stageTotal - done) / TASK_PAGE_SIZE) + 1;
          await write('tickets', tasks);
        });
      },
      comments: async () => {
        if (options.comments === 'none') return;
        if (options.comments === 'recent') {
          // Wrike's account-wide list, which reaches back 7 days (the strict reading): one call, or a few if full.
          // A minute inside the 7 days, for clocks that differ; a run resumed days later reaches back less far.
          const start = Math.max(Date.parse(checkpoint.feedSince) - COMMENT_WINDOW_MS, now().getTime() - COMMENT_WINDOW_MS + 60_000);
          await write('comments', await commentsIn(options.wrike, { start: wrikeSecond(new Date(start)), end: checkpoint.feedSince }));
          return;
        }
        // Every ticket's comments: Wrike lists comments account-wide only for the last 7 days, so a whole history is
        // one call a ticket, the tickets walked again by creation (ids only), 100 a page, a checkpoint each.
        let first = true;
        await walkTasks('comments', COMMENT_TICKETS_PAGE, [], async (tasks, page) => {
          if (first) planned.comments = Math.ceil((page.responseSize ?? tasks.length) * (1 + 1 / COMMENT_TICKETS_PAGE)) + 1;
          first = false;
          const lists = await inParallel(tasks, options.concurrency ?? 8, (task) => ticketComments(options.wrike, task.id));
          await write('comments', lists.flat());
        });
      },
      attachments: async () => {
        planned.attachments = windowCount(ATTACHMENT_WINDOW_MS, checkpoint.earliest);
        await walkWindows('attachments', ATTACHMENT_WINDOW_MS, (range) => listAttachmentsCreatedIn(options.wrike, range));
      },
      timeLogs: async () => write('timeLogs', await listTimelogs(options.wrike, { kind: 'account' })),
    };

    /**
     * Every task and sub-task by creation time, `pageSize` a call, each page's new tasks handed to `onPage` and then
     * committed with the key reached. A page starts at the key's second again (inclusive), so the tasks of that second
     * already handed over are skipped by id: a resume never repeats or skips a task.
     */
    async function walkTasks(
      name: 'tickets' | 'comments', pageSize: number, fields: TaskListField[],
      onPage: (tasks: WrikeTask[], page: { responseSize?: number; nextPageToken?: string }) => Promise<void>,
    ): Promise<void> {
      for (;;) {
        const cursor = checkpoint.keysets?.[name];
        const page = await queryTasks(options.wrike, { kind: 'account' }, {
          subTasks: true, ...(fields.length > 0 ? { fields } : {}), sortField: 'CreatedDate', sortOrder: 'Asc',
          ...(cursor ? { createdDate: { start: cursor.after } } : {}),
        }, pageSize);
        const tasks = page.data;
        const seen = new Set(cursor?.idsAtAfter ?? []);
        const fresh = tasks.filter((task) => !(cursor && task.createdDate === cursor.after && seen.has(task.id)));
        await onPage(fresh, page);
        if (tasks.length === 0) return;
        noteEarliest(tasks[0]?.createdDate);
        const last = tasks[tasks.length - 1]!.createdDate;
        const atLast = tasks.filter((task) => task.createdDate === last).map((task) => task.id);
        const idsAtAfter = cursor && cursor.after === last ? [...seen, ...atLast.filter((id) => !seen.has(id))] : atLast;
        checkpoint.keysets = { ...checkpoint.keysets, [name]: { after: last, idsAtAfter } };
        if (tasks.length < pageSize) return;
        if (fresh.length === 0) {
          throw new ExportError(`More than ${pageSize} tasks were created in the second ${last}: the export cannot page past them by creation time`);
        }
        await commit();
      }
    }

    /** Windows from the earliest creation seen to `feedSince`, `concurrency` at a time, written and committed in order. */
    async function walkWindows(type: 'attachments', windowMs: number, read: (range: { start: string; end: string }) => Promise<{ id: string }[]>) {
      const end = Date.parse(checkpoint.feedSince);
      const resumeAt = checkpoint.windows?.[type];
      let start = resumeAt ? Date.parse(resumeAt) + SECOND_MS : Date.parse(checkpoint.earliest ?? checkpoint.feedSince);
      while (start <= end) {
        const batch: { start: string; end: string }[] = [];
        for (let i = 0; i < (options.concurrency ?? 4) && start <= end; i++) {
          const stop = Math.min(start + windowMs, end);
          batch.push({ start: wrikeSecond(new Date(start)), end: wrikeSecond(new Date(stop)) });
          start = stop + SECOND_MS;
        }
        const answers = await Promise.all(batch.map(read));
        for (const records of answers) await write(type, records);
        checkpoint.windows = { ...checkpoint.windows, [type]: batch[batch.length - 1]!.end };
        await commit();
      }
    }

    for (const type of Object.keys(stages) as RecordType[]) {
      if (checkpoint.done.includes(type)) continue;
      stage = type;
      stageTotal = undefined;
      planned[type] ??= 1;
      report();
      await stages[type]();
      checkpoint.done.push(type);
      await commit();
    }
    let changes: FeedPass | undefined;
    if (options.feed) {
      changes = { tickets: 0, removed: 0, comments: 0 };
      stage = 'changes';
      stageTotal = undefined;
      for (;;) {
        options.report?.({ stage: 'changes', records: changes.tickets + changes.removed + changes.comments, callsDone: options.callsMade() - callsAtStart, callsPlanned: options.callsMade() - callsAtStart + 1, elapsedMs: Date.now() - started });
        const pass = await applyChanges({ feed: options.feed, wrike: options.wrike, sink: options.sink, checkpoint, comments: options.comments !== 'none', commit });
        changes = { tickets: changes.tickets + pass.tickets, removed: changes.removed + pass.removed, comments: changes.comments + pass.comments };
        if (!options.follow || options.follow.signal?.aborted) break;
        await pause(options.follow.everyMs, options.follow.signal);
        if (options.follow.signal?.aborted) break;
      }
    }
    options.report?.({ stage: 'done', records: 0, callsDone: options.callsMade() - callsAtStart, callsPlanned: options.callsMade() - callsAtStart, elapsedMs: Date.now() - started });
    return { checkpoint, changes, resumed: saved !== undefined, calls: options.callsMade() - callsAtStart, elapsedMs: Date.now() - started };
  }
}

/** A ticket's comments; none for a ticket deleted since the walk listed it (the change feed reports it). */
async function ticketComments(wrike: WrikeCaller, ticketId: string): Promise<WrikeComment[]> {
  try {
    return await getTaskComments(wrike, ticketId);
  } catch (error) {
    if (error instanceof ExportReadError && error.status === 404) return [];
    throw error;
  }
}

/** `work` over `items`, at most `limit` at a time, results in the items' order. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** A comment window's comments; a window that comes back full may hold more, so it is read again in halves. */
async function commentsIn(wrike: WrikeCaller, range: { start: string; end: string }): Promise<{ id: string }[]> {
  const comments = await getCommentsUpdated(wrike, range, COMMENT_LIST_LIMIT);
  if (comments.length < COMMENT_LIST_LIMIT) return comments;
  const start = Date.parse(range.start);
  const end = Date.parse(range.end);
  if (end - start < 2 * SECOND_MS) {
    throw new ExportError(`Wrike holds ${COMMENT_LIST_LIMIT} or more comments updated between ${range.start} and ${range.end}: more than one list can give`);
  }
  const middle = start + Math.floor((end - start) / 2 / SECOND_MS) * SECOND_MS;
  const first = await commentsIn(wrike, { start: range.start, end: wrikeSecond(new Date(middle)) });
  const second = await commentsIn(wrike, { start: wrikeSecond(new Date(middle + SECOND_MS)), end: range.end });
  return [...first, ...second];
}
