import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Writes a chart to a fresh folder: Chart.yaml, values.yaml and the given
 * files (paths relative to the chart). For tests of the Helm helpers.
 */
export function writeChart(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'small-chart-'));
  const all: Record<string, string> = {
    'Chart.yaml':
      'apiVersion: v2\nname: small\nversion: 0.1.0\nicon: https://example.com/icon.png\n',
    'values.yaml': 'greeting: hello\n',
    ...files,
  };
  for (const [file, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
