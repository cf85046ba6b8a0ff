import path from 'node:path';
import { Router } from 'express';
import { GRAPHIQL_INIT_SCRIPT } from './graphiql-init';

/** A file inside an installed package (past its `exports` map, which hides the UMD builds). */
const packageFile = (name: string, file: string) => path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

/** Files served under /graphiql/assets, each from this server's node_modules. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'application/javascript' },
  'react-dom.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'application/javascript' },
  'graphiql.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'application/javascript' },
  'graphiql.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>wrike-subgraph · GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css">
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script src="/graphiql/assets/init.js"></script>
</body>
</html>`;

/**
 * GraphiQL at /graphiql, fully offline: every asset comes from this server, and the page's Content-Security-Policy
 * lets it talk to nothing else.
 */
export function graphiqlRoutes(): Router {
  const router = Router();
  const csp = [
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
    "font-src 'self' data:", "connect-src 'self'", "worker-src 'self' blob:", "base-uri 'none'", "form-action 'none'",
    // No other site may frame the page (clickjacking a console that runs queries with the caller's headers).
    "frame-ancestors 'none'",
  ].join('; ');
  router.get('/graphiql', (_req, res) => {
    res.setHeader('Content-Security-Policy', csp);
    res.type('html').send(PAGE);
  });
  router.get('/graphiql/assets/init.js', (_req, res) => {
    res.type('application/javascript').send(GRAPHIQL_INIT_SCRIPT);
  });
  router.get('/graphiql/assets/:name', (req, res) => {
    const asset = ASSETS[req.params.name];
    if (!asset) {
      res.status(404).end();
      return;
    }
    res.type(asset.type);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.sendFile(asset.file);
  });
  return router;
}
