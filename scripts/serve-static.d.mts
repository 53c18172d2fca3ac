export function serveStatic(options: {
  root: string;
  port?: number;
  host?: string;
  base?: string;
  configJson?: unknown;
}): Promise<{ url: string; close(): Promise<void> }>;
