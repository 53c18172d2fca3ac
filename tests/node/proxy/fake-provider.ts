import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real provider twin on 127.0.0.1 for the entry tests: records requests, answers a token. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export async function startFakeProvider(): Promise<{
  url: string;
  received: ReceivedRequest[];
  close: () => Promise<void>;
}> {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'upstream=1' });
      res.end(JSON.stringify({ access_token: 'twin-at', token_type: 'Bearer', expires_in: 60 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const twinEnv = (providerUrl: string): Record<string, string> => ({
  KEYFOB_PROXY_ORIGINS: 'http://127.0.0.1:5173',
  KEYFOB_PROXY_PROVIDERS: 'sandbox-confidential',
  KEYFOB_SANDBOX_CONFIDENTIAL_CLIENT_ID: 'twin-client',
  KEYFOB_SANDBOX_CONFIDENTIAL_CLIENT_SECRET: 'twin-secret',
  KEYFOB_SANDBOX_CONFIDENTIAL_TOKEN_URL: `${providerUrl}/oauth/token`,
});

export const twinTokenRequest = {
  method: 'POST',
  headers: { origin: 'http://127.0.0.1:5173', 'content-type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=refresh_token&refresh_token=rt-twin&client_id=ignored',
};
