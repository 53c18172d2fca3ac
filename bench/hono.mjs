// The bench's minimal hono proxy on @hono/node-server: the same token route, posting upstream with
// the platform fetch as hono apps do. PORT, ORIGIN, UPSTREAM from the environment.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const { ORIGIN, UPSTREAM } = process.env;
const app = new Hono();
app.post('/token/:id', async (c) => {
  if (c.req.header('origin') !== ORIGIN) return c.json({ error: 'origin_not_allowed' }, 403);
  const form = await c.req.parseBody();
  const grantType = form.grant_type;
  if (grantType !== 'refresh_token' && grantType !== 'authorization_code')
    return c.json({ error: 'unsupported_grant_type' }, 400);
  const body = new URLSearchParams({
    grant_type: grantType,
    refresh_token: String(form.refresh_token ?? ''),
    client_id: 'bench-client',
    client_secret: 'bench-secret',
  });
  const answer = await fetch(`${UPSTREAM}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
  return c.body(await answer.text(), answer.status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'access-control-allow-origin': ORIGIN,
    vary: 'Origin',
  });
});
const server = serve(
  { fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' },
  (info) => {
    process.stderr.write(`listening on http://127.0.0.1:${info.port}\n`);
  },
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
