// A provider twin for the benchmark: answers every POST with a small token response, as fast as
// node:http can. Runs in its own process so it does not share a thread with the load generator.
import { createServer } from 'node:http';

const body = JSON.stringify({
  access_token: 'bench-at',
  token_type: 'Bearer',
  expires_in: 3600,
  refresh_token: 'bench-rt',
});
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
