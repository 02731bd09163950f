import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

function jsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(full);
    return /\.(m?js|cjs)$/.test(entry.name) ? [full] : [];
  });
}

/** Raw and gzip (level 9) size of every JavaScript file under a folder. */
export function gzipSizeOfJs(dir: string) {
  return gzipSizeOf(jsFiles(dir));
}

/**
 * The JavaScript a browser loads before the app's first route renders: the
 * scripts index.html names (runtime, vendor chunks, main). Everything else
 * is fetched lazily when a page or card needs it.
 */
export function gzipSizeOfInitialJs(distDir: string) {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)].map(
    match => path.join(distDir, match[1].replace(/^\/+/, '')),
  );
  return gzipSizeOf(files);
}

function gzipSizeOf(files: string[]) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const content = fs.readFileSync(file);
    raw += content.length;
    gzip += zlib.gzipSync(content, { level: 9 }).length;
  }
  return {
    files: files.length,
    rawKiB: Math.round(raw / 102.4) / 10,
    gzipKiB: Math.round(gzip / 102.4) / 10,
  };
}
