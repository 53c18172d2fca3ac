export interface FileSize {
  file: string;
  raw: number;
  gz: number;
}
export interface JsSizes {
  gzipLevel: number;
  allJs: { raw: number; gz: number; files: FileSize[] };
  initialJs: { raw: number; gz: number; files: FileSize[] };
}
export const GZIP_LEVEL: number;
export function gzipSize(bytes: Uint8Array): number;
export function distJsSizes(distDir: string | undefined): JsSizes | null;
