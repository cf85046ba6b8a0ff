import { Readable } from 'node:stream';
import type { MetadataKind } from './cache';
import { staleAfterWrite, type Stale } from './staleness';
import type { WrikeParams } from './params';

/** Account metadata a write under each resource changes. */
const METADATA_BY_RESOURCE: Record<string, MetadataKind[]> = {
  workflows: ['workflows'],
  customfields: ['customFields'],
  spaces: ['spaces', 'folderTree'],
  folders: ['folderTree', 'spaces'],
  contacts: ['people'],
  users: ['people'],
  groups: ['groups'],
  access_roles: ['accessRoles'],
};

/**
 * What a proxied write made stale: what its route makes stale (staleness.ts), every id the call names (path,
 * parameters, body: a task moved by `addParents`, a dependency's `predecessorId`) as whatever entity it may be, and
 * the account lists its resource holds (workflows, custom fields, spaces and the folder tree, people, groups). Pure.
 */
export function proxyStaleOf(
  method: string, path: string, params: WrikeParams | undefined, names: readonly string[], data: readonly unknown[], before: readonly unknown[] = [],
): Stale {
  if (method === 'GET') return {};
  const resource = path.split('/')[1] ?? '';
  const byRoute = staleAfterWrite(method, path, params, data, before);
  const named = [...names];
  return {
    ...byRoute,
    task: [...(byRoute.task ?? []), ...named],
    folder: [...(byRoute.folder ?? []), ...named],
    comment: [...(byRoute.comment ?? []), ...named],
    attachment: [...(byRoute.attachment ?? []), ...named],
    contact: [...(byRoute.contact ?? []), ...named],
    metadata: [...new Set([...(byRoute.metadata ?? []), ...(METADATA_BY_RESOURCE[resource] ?? [])])],
  };
}

/** The most of a write's answer read to learn what it changed; a longer one is passed on unread. */
const MAX_READ_ANSWER_BYTES = 1024 * 1024;

/**
 * A write's answer, read (up to MAX_READ_ANSWER_BYTES) for the entities in its envelope's `data`, and a stream that
 * gives the caller the same bytes. `data` is empty when the answer is not a JSON envelope or is too long.
 */
export async function readAnswer(body: NodeJS.ReadableStream): Promise<{ data: unknown[]; body: NodeJS.ReadableStream }> {
  const iterator = (body as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size <= MAX_READ_ANSWER_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    head.push(chunk);
    size += chunk.length;
  }
  let data: unknown[] = [];
  if (done) {
    try {
      const parsed = JSON.parse(Buffer.concat(head).toString('utf8')) as { data?: unknown };
      if (Array.isArray(parsed?.data)) data = parsed.data;
    } catch {
      // Not an envelope: only the names and the resource say what changed.
    }
  }
  const rest = async function* () {
    yield* head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  };
  return { data, body: Readable.from(rest()) };
}
