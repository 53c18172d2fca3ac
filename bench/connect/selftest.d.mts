export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}
export function selftest(options: { issuer: string; redirectUris: string[] }): Promise<Check[]>;
