// Injected at build time by bench/connect/build.mjs (vite `define`).
declare const __BENCH__: {
  issuer: string;
  clientId: string;
  redirectUri: string;
  scope: string;
};
interface Window {
  __tokenReceivedAt?: number;
}
