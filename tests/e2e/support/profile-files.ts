import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { E2E } from './ports';

/**
 * What someone holding a copy of a Chromium profile can do with its files alone: find every
 * AES-GCM key Blink serialized into IndexedDB (its raw bytes are in the record), find every sealed
 * value (an IV next to its ciphertext) and try each key on each. No browser, no origin, no
 * passphrase: only the bytes on disk.
 */

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

/** The profile's IndexedDB and Storage Bucket files (LevelDB logs and tables). */
export async function storageFiles(userDataDir: string): Promise<string[]> {
  const all = await filesUnder(userDataDir);
  const wanted: string[] = [];
  for (const path of all) {
    if (!/IndexedDB|WebStorage/i.test(path)) continue;
    if ((await stat(path)).size > 64 * 1024 * 1024) continue;
    wanted.push(path);
  }
  return wanted;
}

function varint(
  bytes: Uint8Array<ArrayBuffer>,
  at: number,
): { value: number; next: number } | undefined {
  let value = 0;
  for (let shift = 0, i = at; i < bytes.length && shift < 35; shift += 7, i++) {
    value |= (bytes[i]! & 0x7f) << shift;
    if ((bytes[i]! & 0x80) === 0) return { value: value >>> 0, next: i + 1 };
  }
  return undefined;
}

/**
 * Blink writes a CryptoKey as 'K', the AES sub-tag 1, the algorithm id (AES-GCM is 9), the length
 * in bytes, the usages and the raw key data. The candidates are the 32-byte runs just after that.
 */
function keyCandidates(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>[] {
  const out: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i + 40 < bytes.length; i++) {
    if (
      bytes[i] !== 0x4b ||
      bytes[i + 1] !== 0x01 ||
      bytes[i + 2] !== 0x09 ||
      bytes[i + 3] !== 0x20
    )
      continue;
    for (let start = i + 4; start <= i + 10; start++) out.push(bytes.slice(start, start + 32));
  }
  return out;
}

/** V8 writes an ArrayBuffer as 'B', its length as a varint, then its bytes. */
function sealedCandidates(
  bytes: Uint8Array<ArrayBuffer>,
): { iv: Uint8Array<ArrayBuffer>; data: Uint8Array<ArrayBuffer> }[] {
  const out: { iv: Uint8Array<ArrayBuffer>; data: Uint8Array<ArrayBuffer> }[] = [];
  for (let i = 0; i + 14 < bytes.length; i++) {
    if (bytes[i] !== 0x42 || bytes[i + 1] !== 0x0c) continue;
    const iv = bytes.slice(i + 2, i + 14);
    for (let j = i + 14; j < Math.min(bytes.length, i + 96); j++) {
      if (bytes[j] !== 0x42) continue;
      const length = varint(bytes, j + 1);
      if (!length || length.value < 17 || length.next + length.value > bytes.length) continue;
      out.push({ iv, data: bytes.slice(length.next, length.next + length.value) });
    }
  }
  return out;
}

/** Every sealed value the profile's files give up, decrypted, as text. */
export async function recoverFromProfileFiles(
  userDataDir: string,
): Promise<{ files: number; keys: number; sealed: number; recovered: string[] }> {
  const files = await storageFiles(userDataDir);
  const keys = new Map<string, Uint8Array<ArrayBuffer>>();
  const sealed = new Map<string, { iv: Uint8Array<ArrayBuffer>; data: Uint8Array<ArrayBuffer> }>();
  for (const file of files) {
    const bytes = new Uint8Array(await readFile(file));
    for (const k of keyCandidates(bytes)) keys.set(Buffer.from(k).toString('hex'), k);
    for (const s of sealedCandidates(bytes)) {
      sealed.set(Buffer.from(s.iv).toString('hex') + Buffer.from(s.data).toString('hex'), s);
    }
  }
  const recovered = new Set<string>();
  for (const raw of keys.values()) {
    const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
    for (const { iv, data } of sealed.values()) {
      try {
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, data);
        recovered.add(new TextDecoder().decode(plain));
      } catch {
        // not this key, or not a sealed value
      }
    }
  }
  return { files: files.length, keys: keys.size, sealed: sealed.size, recovered: [...recovered] };
}

/** Every access and refresh token the sandbox hands this page, as the wire carried them. */
export function watchTokens(page: Page): string[] {
  const tokens: string[] = [];
  page.on('response', async (response) => {
    if (response.url() === `${E2E.sandbox}/token` && response.ok()) {
      const body = (await response.json()) as Record<string, string>;
      tokens.push(...[body.access_token, body.refresh_token].filter((t): t is string => !!t));
    }
  });
  return tokens;
}
