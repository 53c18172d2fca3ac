/** Types for the sandbox's protected resource (sandbox/api.mjs), for TypeScript tests. */

/** Why a DPoP proof does not fit this API call and token (RFC 9449 4.3, 7), or undefined. */
export function dpopProblem(
  proof: string | undefined,
  request: { method: string; url: string },
  token: string,
  jkt: string,
): string | undefined;

export function apiRoutes(
  provider: unknown,
  options: { appOrigins: string[]; stats: { api: number } },
): unknown;
