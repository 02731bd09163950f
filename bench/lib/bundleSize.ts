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
  let raw = 0;
  let gzip = 0;
  const files = jsFiles(dir);
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
