import { ProxyError } from './errors';

/** Token and revocation requests are a handful of short parameters. */
export const TOKEN_BODY_LIMIT = 16 * 1024;
/** Relayed API calls carry small JSON documents; file uploads go to the provider directly. */
export const RELAY_BODY_LIMIT = 1024 * 1024;

function tooLarge(limit: number): ProxyError {
  return new ProxyError(413, 'request_too_large', `The request body is over ${limit} bytes`);
}

/**
 * Reads a request body up to `limit` bytes. Content-Length is checked first to refuse early, and
 * the bytes are counted while reading because the header may be absent (chunked) or lie.
 */
export async function readLimitedBody(
  request: Request,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get('content-length');
  if (declared !== null && !(/^\d+$/.test(declared) && Number(declared) <= limit))
    throw tooLarge(limit);
  if (request.body === null) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop reading: the rest of an oversized body is never buffered.
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The media type of a request without parameters, lower-cased (`application/json; charset=x` -> `application/json`). */
export function mediaType(request: Request): string | undefined {
  return request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() || undefined;
}
