import type { ChildProcess } from 'node:child_process';

/**
 * The tail of what a child process prints on stdout and stderr, for the
 * error message of a test whose server or container did not come up. Only
 * the last `maxChunks` chunks are kept, so a long-running process cannot
 * grow a test's memory without bound.
 */
export class ProcessOutputTail {
  private readonly chunks: string[] = [];

  constructor(private readonly maxChunks = 4000) {}

  /** Keeps what `child` prints from now on; call it right after spawn. */
  follow(child: ChildProcess): void {
    const keep = (chunk: Buffer) => {
      this.chunks.push(chunk.toString());
      if (this.chunks.length > this.maxChunks)
        this.chunks.splice(0, this.chunks.length - this.maxChunks);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** Whether the process printed `text` (within the chunks kept). */
  printed(text: string): boolean {
    return this.chunks.some(chunk => chunk.includes(text));
  }

  /** The last `lines` lines printed; those matching `exclude` (e.g. health polls) left out. */
  lastLines(lines = 80, exclude?: RegExp): string {
    return this.chunks
      .join('')
      .split('\n')
      .filter(line => !exclude || !exclude.test(line))
      .slice(-lines)
      .join('\n');
  }
}
