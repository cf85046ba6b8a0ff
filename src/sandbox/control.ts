import express, { Router } from 'express';
import type { CallCounters } from './counters';
import type { FaultInjector, FaultSettings } from './faults';
import type { TokenRegistry } from './tokens';
import type { PageTokens } from './paging';
import type { WebhookDispatcher } from './webhooks';
import type { RateLimiter } from './rate-limit';
import type { SandboxStore } from './store';

/** Settings that can change while the sandbox runs. */
export interface RuntimeSettings {
  oauthAutoApprove: boolean;
  commentEditWindowSeconds: number;
  /** false: a refresh answers no new refresh token, and the one used stays valid (some token endpoints do that). */
  oauthRefreshRotation: boolean;
  /** The `host` token responses name instead of the sandbox's own: an account that moved to another data center. */
  oauthHost: string | null;
}

export interface ControlDeps {
  store: SandboxStore;
  counters: CallCounters;
  faults: FaultInjector;
  tokens: TokenRegistry;
  pages: PageTokens;
  webhooks: WebhookDispatcher;
  limiter: RateLimiter;
  settings: RuntimeSettings;
  info: () => Record<string, unknown>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The sandbox's control API, outside /api/v4: counters, fault injection, token and page-token expiry, settings.
 * It answers loopback callers only.
 */
export function controlRoutes(deps: ControlDeps): Router {
  const router = Router();
  router.use((req, res, next) => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      res.status(403).json({ error: 'the sandbox control API answers loopback callers only' });
      return;
    }
    next();
  });
  router.use(express.json({ limit: '64kb' }));

  router.get('/info', (_req, res) => {
    res.json(deps.info());
  });
  router.get('/counters', (_req, res) => {
    res.json(deps.counters.snapshot());
  });
  router.delete('/counters', (_req, res) => {
    deps.counters.reset();
    res.json(deps.counters.snapshot());
  });

  router.get('/faults', (_req, res) => {
    res.json(deps.faults.settings);
  });
  router.put('/faults', (req, res) => {
    try {
      res.json(deps.faults.update((req.body ?? {}) as Partial<FaultSettings>));
    } catch (error) {
      res.status(400).json({ error: (error as Error).message });
    }
  });
  router.delete('/faults', (_req, res) => {
    deps.faults.reset();
    res.json(deps.faults.settings);
  });

  router.post('/tokens/expire', (_req, res) => {
    res.json({ expired: deps.tokens.expireAccessTokens() });
  });
  router.post('/tokens/revoke-refresh', (_req, res) => {
    deps.tokens.revokeRefreshTokens();
    res.json({ revoked: true });
  });
  router.post('/page-tokens/expire', (_req, res) => {
    res.json({ expired: deps.pages.expireAll() });
  });

  router.get('/settings', (_req, res) => {
    res.json(currentSettings(deps));
  });
  router.put('/settings', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const numberOf = (key: string) => {
      const value = Number(body[key]);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`${key} must be a positive number`);
      return value;
    };
    try {
      if (body.rateLimitPerMinute !== undefined) deps.limiter.perMinute = numberOf('rateLimitPerMinute');
      if (body.rateLimitBurst !== undefined) deps.limiter.burst = numberOf('rateLimitBurst');
      // null: back to the strict reading of the minute's limit.
      if (body.rateLimitPerSecond !== undefined) deps.limiter.perSecond = body.rateLimitPerSecond === null ? undefined : numberOf('rateLimitPerSecond');
      if (body.pageTokenTtlSeconds !== undefined) deps.pages.ttlSeconds = numberOf('pageTokenTtlSeconds');
      if (body.commentEditWindowSeconds !== undefined) deps.settings.commentEditWindowSeconds = numberOf('commentEditWindowSeconds');
      if (body.oauthAutoApprove !== undefined) deps.settings.oauthAutoApprove = body.oauthAutoApprove === true;
      if (body.oauthRefreshRotation !== undefined) deps.settings.oauthRefreshRotation = body.oauthRefreshRotation !== false;
      if (body.oauthHost !== undefined) {
        if (body.oauthHost !== null && (typeof body.oauthHost !== 'string' || !/^[a-z0-9.-]+(:\d{1,5})?$/i.test(body.oauthHost))) throw new Error('oauthHost must be a host[:port] or null');
        deps.settings.oauthHost = body.oauthHost;
      }
      deps.limiter.reset();
      res.json(currentSettings(deps));
    } catch (error) {
      res.status(400).json({ error: (error as Error).message });
    }
  });

  router.post('/webhooks/flush', async (_req, res) => {
    await deps.webhooks.idle();
    res.json({ flushed: true });
  });
  // What each delivery sent and whether the receiver acknowledged it: "acknowledged, then lost" is checked against it.
  router.get('/webhooks/deliveries', (_req, res) => {
    res.json({ deliveries: deps.webhooks.deliveries() });
  });
  router.delete('/webhooks/deliveries', (_req, res) => {
    deps.webhooks.clearDeliveries();
    res.json({ deliveries: [] });
  });

  return router;
}

function currentSettings(deps: ControlDeps): Record<string, unknown> {
  return {
    rateLimitPerMinute: deps.limiter.perMinute,
    rateLimitBurst: deps.limiter.burst,
    rateLimitPerSecond: deps.limiter.secondShare,
    pageTokenTtlSeconds: deps.pages.ttlSeconds,
    ...deps.settings,
  };
}
