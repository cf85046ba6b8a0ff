import type { SubgraphHarness } from './subgraph';

/**
 * Links a Wrike account through the whole OAuth dance, over HTTP, the way a browser does it: /oauth/wrike/start,
 * the sandbox's consent page (GET the form, POST "Accept"), the callback, and the redirect to the return URL.
 */
export async function linkThroughConsentPage(h: SubgraphHarness, options: { headers?: Record<string, string>; userId?: string; workspaceIds?: string[] } = {}) {
  const base = h.server.url.replace('/graphql', '');
  const returnUrl = 'http://127.0.0.1:9/linked';
  const scope = options.workspaceIds ? `&workspaceIds=${options.workspaceIds.join(',')}` : '';
  const start = await fetch(`${base}/oauth/wrike/start?returnUrl=${encodeURIComponent(returnUrl)}${scope}`, { redirect: 'manual', headers: options.headers });
  if (start.status !== 302) throw new Error(`start answered ${start.status}: ${await start.text()}`);
  const consentUrl = start.headers.get('location')!;
  const page = await fetch(consentUrl);
  const html = await page.text();
  const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&#(\d+);/g, (_s, c) => String.fromCharCode(Number(c)))]));
  const approve = await fetch(new URL('/oauth2/authorize/v4', consentUrl), {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...hidden, decision: 'approve', ...(options.userId ? { user_id: options.userId } : {}) }).toString(),
  });
  const callbackUrl = approve.headers.get('location')!;
  const callback = await fetch(callbackUrl, { redirect: 'manual' });
  const landed = new URL(callback.headers.get('location') ?? 'http://invalid/');
  return { consentUrl, callbackUrl, landed, connectionId: landed.searchParams.get('connectionId'), returnUrl };
}
