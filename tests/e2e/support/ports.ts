/** Fixed loopback ports for the end-to-end run, apart from `npm start`'s so both can run at once. */
export const E2E = {
  app: 'http://127.0.0.1:4173',
  /** The same app built with KEYFOB_BASE=/keyfob/ and served under that sub-path. */
  appUnderBase: 'http://127.0.0.1:4174/keyfob/',
  sandbox: 'http://127.0.0.1:9110',
  /** A second sandbox whose access tokens live 5 seconds, for the token lifecycle spec. */
  sandboxShort: 'http://127.0.0.1:9111',
  proxy: 'http://127.0.0.1:8797',
} as const;

export const portOf = (url: string) => Number(new URL(url).port);
