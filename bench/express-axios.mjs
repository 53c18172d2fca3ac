// The bench's "seed article" proxy: Express receiving the browser's token request and posting it
// on with axios (keep-alive agent), adding the secret. Same job as Keyfob's token route, minus
// most of its checks. PORT, ORIGIN, UPSTREAM from the environment; prints "listening on <url>".
import { Agent } from 'node:http';
import axios from 'axios';
import express from 'express';

const { ORIGIN, UPSTREAM } = process.env;
const client = axios.create({
  httpAgent: new Agent({ keepAlive: true }),
  validateStatus: () => true,
  responseType: 'text',
  transformResponse: (data) => data,
});
const app = express();
app.disable('x-powered-by');
app.post('/token/:id', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
  if (req.get('origin') !== ORIGIN) return res.status(403).json({ error: 'origin_not_allowed' });
  const { grant_type: grantType, refresh_token: refreshToken } = req.body;
  if (grantType !== 'refresh_token' && grantType !== 'authorization_code')
    return res.status(400).json({ error: 'unsupported_grant_type' });
  const body = new URLSearchParams({
    grant_type: grantType,
    refresh_token: refreshToken,
    client_id: 'bench-client',
    client_secret: 'bench-secret',
  });
  const answer = await client.post(`${UPSTREAM}/oauth/token`, body.toString(), {
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    timeout: 10_000,
  });
  res
    .status(answer.status)
    .set({
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'access-control-allow-origin': ORIGIN,
      vary: 'Origin',
    })
    .send(answer.data);
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stderr.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
