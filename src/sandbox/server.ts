import express, { type NextFunction, type Request, type Response } from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SEED_SIZES, seedStore, type SeedSize } from './seed';
import { TokenRegistry } from './tokens';
import { RateLimiter } from './rate-limit';
import { FaultInjector, type FaultSettings } from './faults';
import { CallCounters } from './counters';
import { PageTokens } from './paging';
import { WebhookDispatcher, type WebhookOptions } from './webhooks';
import { WrikeApiError, sendError } from './errors';
import { collectParams } from './params';
import type { SandboxContext } from './context';
import { controlRoutes, type RuntimeSettings } from './control';
import { oauthRoutes, type OAuthClient } from './oauth';
import { taskRoutes } from './routes/tasks';
import { folderRoutes } from './routes/folders';
import { peopleRoutes } from './routes/people';
import { commentRoutes } from './routes/comments';
import { attachmentRoutes } from './routes/attachments';
import { customFieldRoutes } from './routes/custom-fields';
import { webhookRoutes } from './routes/webhooks';
import { idRoutes } from './routes/ids';
import { dependencyRoutes } from './routes/dependencies';
import { timelogRoutes } from './routes/timelogs';
import type { SandboxStore } from './store';
import { SignedStorage } from './storage';
import { profileIn, type Contact, type ContactProfile } from './model';

export interface SandboxOptions {
  seed: number;
  /** A named size or a task count. */
  size: SeedSize | number;
  rateLimitPerMinute: number;
  /** How many requests a token may send at once before the per-minute refill paces it. */
  rateLimitBurst: number;
  /** Calls a token may send in any rolling second; unset: ⌈rateLimitPerMinute / 60⌉, the strict reading. */
  rateLimitPerSecond?: number;
  accessTokenTtlSeconds: number;
  pageTokenTtlSeconds: number;
  commentEditWindowSeconds: number;
  maxUploadBytes: number;
  oauthClients: OAuthClient[];
  oauthAutoApprove: boolean;
  /** A fixed permanent token for the owner, in place of the seeded one. */
  ownerToken?: string;
  /** The scopes permanent tokens hold (default: every scope, as an App Console token of an admin would). */
  permanentTokenScopes?: string[];
  faults: Partial<FaultSettings>;
  webhooks: WebhookOptions;
}

export const DEFAULT_SANDBOX_OPTIONS: SandboxOptions = {
  seed: 42,
  size: 'demo',
  rateLimitPerMinute: 400,
  rateLimitBurst: 100,
  accessTokenTtlSeconds: 3600,
  pageTokenTtlSeconds: 1800,
  commentEditWindowSeconds: 300,
  maxUploadBytes: 500 * 1024 * 1024,
  oauthClients: [{ clientId: 'sandbox-client', clientSecret: 'sandbox-secret', redirectUris: ['http://localhost:4000/oauth/wrike/callback'] }],
  oauthAutoApprove: false,
  faults: {},
  webhooks: { failureThreshold: 3, timeoutMs: 5000, batchMs: 50 },
};

/** The seeded users that get permanent tokens, by role, for tests and demos. */
export type SeededRole = 'owner' | 'admin' | 'regular' | 'collaborator' | 'external';

export interface Sandbox {
  readonly app: express.Express;
  readonly store: SandboxStore;
  readonly counters: CallCounters;
  readonly faults: FaultInjector;
  readonly tokens: TokenRegistry;
  readonly limiter: RateLimiter;
  readonly pages: PageTokens;
  readonly webhooks: WebhookDispatcher;
  readonly settings: RuntimeSettings;
  /** Permanent tokens of seeded users, by role. */
  readonly permanentTokens: Record<SeededRole, string>;
  readonly options: SandboxOptions;
  /** The origin it listens on, e.g. http://127.0.0.1:43210 (set by listen). */
  url: string;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

function bearerToken(req: Request): string | undefined {
  const header = req.header('authorization');
  if (header) {
    const match = /^bearer\s+(.+)$/i.exec(header.trim());
    return match ? (match[1] as string).trim() : '';
  }
  const queryToken = req.query.access_token;
  return typeof queryToken === 'string' ? queryToken : undefined;
}

export function createSandbox(overrides: Partial<SandboxOptions> = {}): Sandbox {
  const options: SandboxOptions = { ...DEFAULT_SANDBOX_OPTIONS, ...overrides, webhooks: { ...DEFAULT_SANDBOX_OPTIONS.webhooks, ...overrides.webhooks } };
  const taskCount = typeof options.size === 'number' ? options.size : SEED_SIZES[options.size];
  const store = seedStore({ seed: options.seed, tasks: taskCount });
  const tokens = new TokenRegistry(options.accessTokenTtlSeconds);
  const limiter = new RateLimiter(options.rateLimitPerMinute, options.rateLimitBurst, Date.now, options.rateLimitPerSecond);
  const faults = new FaultInjector(options.faults, options.seed);
  const counters = new CallCounters();
  const pages = new PageTokens(options.pageTokenTtlSeconds);
  const webhooks = new WebhookDispatcher(store, options.webhooks);
  const settings: RuntimeSettings = {
    oauthAutoApprove: options.oauthAutoApprove, commentEditWindowSeconds: options.commentEditWindowSeconds, oauthRefreshRotation: true, oauthHost: null,
  };

  const people = [...store.contacts.values()].filter((c) => c.type === 'Person');
  const byRole = (test: (profile: ContactProfile | undefined, p: Contact) => boolean) => people.find((p) => test(profileIn(p, store.account.id), p))?.id as string;
  const roleUsers: Record<SeededRole, string> = {
    owner: store.ownerId,
    admin: byRole((profile) => !!profile?.admin && !profile.owner),
    regular: byRole((profile, p) => profile?.role === 'User' && !profile.admin && !profile.external && !p.deleted),
    collaborator: byRole((profile) => profile?.role === 'Collaborator'),
    external: byRole((profile) => !!profile?.external),
  };
  const permanentTokens = Object.fromEntries(
    Object.entries(roleUsers).map(([role, userId]) => [
      role,
      tokens.addPermanentToken(userId, store.account.id, options.seed, role === 'owner' ? options.ownerToken : undefined, options.permanentTokenScopes),
    ]),
  ) as Record<SeededRole, string>;

  // Injected latency and held answers, cleared by close(): a 20 s latency must not keep the process alive after it.
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const sleep = (ms: number) => new Promise<void>((resolve) => later(ms, resolve));
  // Per route, once the route is known: the token's rate limit, then injected latency and faults.
  const preflight = async (req: Request, res: Response, next: NextFunction) => {
    const wait = limiter.take(res.locals.grant.label as string);
    if (wait > 0) {
      return sendError(res, new WrikeApiError(429, 'rate_limit_exceeded', 'Rate limit exceeded, try again later', { 'Retry-After': String(wait) }));
    }
    const { latencyMs } = faults.settings;
    if (latencyMs > 0) await sleep(latencyMs);
    const fault = faults.draw(`${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.path}`);
    if (fault.kind === '429') {
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) };
      return sendError(res, new WrikeApiError(429, 'rate_limit_exceeded', 'Rate limit exceeded, try again later', headers));
    }
    if (fault.kind === 'error' && fault.status === 401) {
      return sendError(res, new WrikeApiError(401, 'not_authorized', 'Authorization is required'));
    }
    if (fault.kind === 'error') {
      return sendError(res, new WrikeApiError(fault.status, 'server_error', fault.status === 503 ? 'Service temporarily unavailable' : 'Internal server error'));
    }
    holdAnswer(res, faults, later, faults.answerDelay(`${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.path}`));
    next();
  };
  // The file storage is "another host": the sandbox's own port under the name localhost (its API is on 127.0.0.1).
  const storage = new SignedStorage(() => sandbox.url.replace('://127.0.0.1:', '://localhost:'));
  const ctx: SandboxContext = {
    store, tokens, pages, webhooks, now: Date.now, maxUploadBytes: options.maxUploadBytes, preflight, storage,
    get commentEditWindowSeconds() {
      return settings.commentEditWindowSeconds;
    },
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const sandbox: Sandbox = {
    app, store, counters, faults, tokens, limiter, pages, webhooks, settings, permanentTokens, options, url: '',
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          sandbox.url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
          resolve(sandbox.url);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        webhooks.stop();
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer(app);

  app.use('/__sandbox', controlRoutes({
    store, counters, faults, tokens, pages, webhooks, limiter, settings,
    info: () => ({
      accountId: store.account.id, seed: options.seed, tasks: store.tasks.size, folders: store.folders.size,
      contacts: store.contacts.size, permanentTokens, oauthClients: options.oauthClients.map((c) => c.clientId),
    }),
  }));
  app.use('/oauth2', oauthRoutes(store, tokens, {
    clients: options.oauthClients,
    autoApprove: () => settings.oauthAutoApprove,
    host: () => settings.oauthHost ?? new URL(sandbox.url || 'http://localhost').host,
    refreshRotation: () => settings.oauthRefreshRotation,
  }));

  const api = express.Router();
  // Counters: every call, by method and path template, token and status, with its timing.
  api.use((req, res, next) => {
    const startedAt = Date.now();
    res.on('finish', () => {
      const template = req.route?.path as string | undefined;
      counters.record({
        route: `${req.method} ${template ?? (res.statusCode === 401 ? '(unauthorized)' : '(no route)')}`,
        token: (res.locals.grant?.label as string | undefined) ?? '(none)', status: res.statusCode, startedAt, endedAt: Date.now(),
      });
    });
    next();
  });
  // Clients that cannot send PUT/DELETE may send GET with method=POST|PUT|DELETE.
  api.use((req, _res, next) => {
    const override = typeof req.query.method === 'string' ? req.query.method.toUpperCase() : undefined;
    if (req.method === 'GET' && override && ['POST', 'PUT', 'DELETE'].includes(override)) req.method = override;
    next();
  });
  // The credential is checked before routing: an unknown path with a bad token is 401, not 404.
  api.use((req, res, next) => {
    const token = bearerToken(req);
    if (token === undefined) return sendError(res, new WrikeApiError(401, 'not_authorized', 'Authorization method unknown'));
    const grant = token ? tokens.check(token) : undefined;
    if (!grant) return sendError(res, new WrikeApiError(401, 'not_authorized', 'Access token is unknown or invalid'));
    res.locals.grant = grant;
    next();
  });
  // Bodies: JSON or form, except raw attachment uploads, which their route reads itself.
  const json = express.json({ limit: '10mb' });
  const form = express.urlencoded({ extended: false, limit: '10mb' });
  api.use((req, res, next) => {
    if (req.method === 'POST' && /\/attachments\/?$/.test(req.path)) return next();
    json(req, res, (error?: unknown) => (error ? next(error) : form(req, res, next)));
  });
  api.use((req, res, next) => {
    res.locals.params = collectParams(req);
    next();
  });
  for (const routes of [taskRoutes, folderRoutes, peopleRoutes, commentRoutes, attachmentRoutes, customFieldRoutes, webhookRoutes, idRoutes, dependencyRoutes, timelogRoutes]) {
    api.use(routes(ctx));
  }
  api.use((req, res) => sendError(res, new WrikeApiError(404, 'method_not_found', `Method '${req.method} ${req.path.slice(0, 100)}' not found`)));
  api.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof WrikeApiError) return sendError(res, error);
    const type = (error as { type?: string }).type;
    if (type === 'entity.parse.failed') return sendError(res, new WrikeApiError(400, 'invalid_request', 'Request body is not valid'));
    if (type === 'entity.too.large') return sendError(res, new WrikeApiError(400, 'invalid_request', 'Request body is too large'));
    sendError(res, new WrikeApiError(500, 'server_error', 'Internal server error'));
  });
  app.use('/api/v4', api);
  app.use('/__storage', storage.routes(store));
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found. The Wrike sandbox serves /api/v4, /oauth2 and /__sandbox.');
  });
  return sandbox;
}

/** The answer is made now (from the data as it is now) and sent `ms` later. */
function holdAnswer(res: Response, faults: FaultInjector, later: (ms: number, run: () => void) => void, ms: number): void {
  if (ms <= 0) return;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  faults.holding++;
  res.end = ((...args: unknown[]) => {
    later(ms, () => {
      faults.holding--;
      end(...args);
    });
    return res;
  }) as Response['end'];
}
