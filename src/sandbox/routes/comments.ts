import type { Router } from 'express';
import { routerFor, type SandboxContext } from '../context';
import { commentPlainText, escapePlainText, normaliseCommentHtml } from '../html';
import { READ_SCOPES, WRITE_SCOPES, allOrNotFound, grantOf, paramsOf, parseId, parseIdList, pathParam, requireScope, respond } from '../context';
import { forbidden, invalidParameter, notAllowed, notFound, parameterRequired } from '../errors';
import { bool, int, obj, rejectUnknown, str } from '../params';
import { commentView } from '../views';
import { getTaskOr404 } from '../task-writes';
import { wrikeTimestamp } from '../seed';

/** Wrike's account-wide comment list: an `updatedDate` window under 7 days, within the last 7 days. */
const WINDOW_MS = 7 * 86_400_000;

/** Task comments. Text is HTML unless `plainText=true`; edits are allowed only inside Wrike's edit window. */
/** What Wrike keeps of a comment's text: plain text escaped, HTML as its editor normalises it. */
function storedHtml(text: string, plain: boolean): string {
  return plain ? escapePlainText(text) : normaliseCommentHtml(text);
}

export function commentRoutes(ctx: SandboxContext): Router {
  const router = routerFor(ctx);
  const { store } = ctx;

  router.get('/tasks/:taskId/comments', (req, res) => {
    requireScope(res, READ_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['plainText', 'fields']);
    const task = getTaskOr404(store, parseId(pathParam(req, 'taskId')));
    const plain = bool(params, 'plainText') ?? false;
    const comments = [...store.comments.values()].filter((c) => c.taskId === task.id).sort((a, b) => (a.createdDate < b.createdDate ? -1 : 1));
    respond(res, 'comments', comments.map((c) => commentView(c, plain)));
  });

  router.get('/comments', (_req, res) => {
    requireScope(res, READ_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['plainText', 'updatedDate', 'limit', 'fields']);
    const range = obj(params, 'updatedDate');
    const end = range?.end ? Date.parse(String(range.end)) : ctx.now();
    // Without a start: the last 7 days (a window of exactly 7 days would be refused below, so just under).
    const start = range?.start ? Date.parse(String(range.start)) : end - WINDOW_MS + 1000;
    if (Number.isNaN(start) || Number.isNaN(end)) throw invalidParameter("Parameter 'updatedDate' is invalid");
    if (end - start >= WINDOW_MS) throw invalidParameter("Parameter 'updatedDate' range must be under 7 days");
    // The strict reading of "the last 7 days": the account-wide list reaches no further back.
    if (start < ctx.now() - WINDOW_MS) throw invalidParameter("Parameter 'updatedDate' must lie within the last 7 days");
    const limit = int(params, 'limit', 1, 1000) ?? 1000;
    const plain = bool(params, 'plainText') ?? false;
    // Oldest change first, then cut at `limit`, silently, as Wrike's list is.
    const comments = [...store.comments.values()]
      .filter((c) => Date.parse(c.updatedDate) >= start && Date.parse(c.updatedDate) <= end)
      .sort((a, b) => (a.updatedDate < b.updatedDate ? -1 : a.updatedDate > b.updatedDate ? 1 : a.id < b.id ? -1 : 1))
      .slice(0, limit);
    respond(res, 'comments', comments.map((c) => commentView(c, plain)));
  });

  router.get('/comments/:ids', (req, res) => {
    requireScope(res, READ_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['plainText', 'fields']);
    const ids = parseIdList(pathParam(req, 'ids'));
    const plain = bool(params, 'plainText') ?? false;
    respond(res, 'comments', allOrNotFound(ids, (id) => store.comments.get(id), 'Comment').map((c) => commentView(c, plain)));
  });

  router.post('/tasks/:taskId/comments', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['text', 'plainText']);
    const task = getTaskOr404(store, parseId(pathParam(req, 'taskId')));
    if (task.scope !== 'WsTask') throw notFound(`Task '${task.id}' not found`);
    const text = str(params, 'text');
    if (text === undefined) throw parameterRequired('text');
    if (text.trim().length === 0) throw invalidParameter("Parameter 'text' must not be empty");
    const plain = bool(params, 'plainText') ?? false;
    const now = wrikeTimestamp(ctx.now());
    const id = store.ids.classic('comment');
    const html = storedHtml(text, plain);
    const comment = { id, authorId: grantOf(res).userId, text: html, createdDate: now, updatedDate: now, taskId: task.id };
    store.comments.set(id, comment);
    ctx.webhooks.emit({
      eventType: 'CommentAdded', eventAuthorId: comment.authorId, taskId: task.id, folderIds: store.taskFolderIds(task),
      extra: { commentId: id, comment: { text: commentPlainText(html), html } },
    });
    respond(res, 'comments', [commentView(comment, plain)]);
  });

  router.put('/comments/:id', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['text', 'plainText']);
    const id = parseId(pathParam(req, 'id'));
    const comment = store.comments.get(id);
    if (!comment) throw notFound(`Comment '${id}' not found`);
    const text = str(params, 'text');
    if (text === undefined) throw parameterRequired('text');
    if (text.trim().length === 0) throw invalidParameter("Parameter 'text' must not be empty");
    if (comment.authorId !== grantOf(res).userId) throw forbidden('Only the author can edit a comment');
    if (ctx.now() - Date.parse(comment.createdDate) > ctx.commentEditWindowSeconds * 1000) {
      throw notAllowed(`Comments can be edited only within ${Math.round(ctx.commentEditWindowSeconds / 60)} minutes of creation`);
    }
    const plain = bool(params, 'plainText') ?? false;
    comment.text = storedHtml(text, plain);
    comment.updatedDate = wrikeTimestamp(ctx.now());
    respond(res, 'comments', [commentView(comment, plain)]);
  });

  router.delete('/comments/:id', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    rejectUnknown(paramsOf(res), []);
    const id = parseId(pathParam(req, 'id'));
    const comment = store.comments.get(id);
    if (!comment) throw notFound(`Comment '${id}' not found`);
    store.comments.delete(id);
    const task = comment.taskId ? store.tasks.get(comment.taskId) : undefined;
    if (task) {
      ctx.webhooks.emit({
        eventType: 'CommentDeleted', eventAuthorId: grantOf(res).userId, taskId: task.id, folderIds: store.taskFolderIds(task),
        extra: { commentId: id },
      });
    }
    // Wrike documents no model for this answer; the sandbox answers an empty list of its kind.
    respond(res, 'comments', []);
  });

  return router;
}
