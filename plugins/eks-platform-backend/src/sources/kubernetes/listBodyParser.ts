const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
/** Keys of the list object are short (`items`, `metadata`); longer strings are values. */
const MAX_KEY_BYTES = 32;

export class NotJsonError extends Error {}

/**
 * Parses a Kubernetes LIST body (`{"kind":…,"metadata":{…},"items":[{…},…]}`)
 * as its bytes arrive, handing each item to `onItem` as soon as its closing
 * brace is read. Why: one `JSON.parse` of a 500-pod page (several MB) blocks
 * the event loop for tens of milliseconds, during which no other request,
 * deadline or watch event is served, and a cold start LISTs every kind of
 * every cluster at once. Parsed here, the work per network chunk is
 * proportional to that chunk (≤ 64 KB), and the raw page is never held
 * whole: only the item being read.
 *
 * It scans bytes, not characters: every structural character is ASCII and
 * no byte of a multi-byte UTF-8 character is below 0x80, so a quote or brace
 * inside a string can only be a real one, which the string state skips.
 * Items and the list's `metadata` are each checked by `JSON.parse`; what is
 * between them is only checked for its structure.
 */
export class ListBodyParser {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private rootSeen = false;
  private rootClosed = false;
  private inItems = false;
  /** The last string read directly in the list object: the key of the value that follows it. */
  private lastKey = '';
  private key: { pieces: Buffer[]; start: number; bytes: number } | undefined;
  private capture:
    | {
        what: 'item' | 'metadata';
        depth: number;
        pieces: Buffer[];
        start: number;
      }
    | undefined;
  private metadata: Record<string, unknown> = {};

  constructor(private readonly onItem: (item: any) => void) {}

  write(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) {
          this.inString = false;
          if (this.key) this.endKey(chunk, i);
        }
        continue;
      }
      if (this.rootClosed) {
        if (!WHITESPACE.has(b)) this.fail();
        continue;
      }
      if (this.depth === 0 && b !== OPEN_OBJECT && !WHITESPACE.has(b))
        this.fail();
      switch (b) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 1 && !this.capture) {
            this.lastKey = '';
            this.key = { pieces: [], start: i + 1, bytes: 0 };
          }
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          this.open(b, i);
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          this.close(b, chunk, i);
          break;
        default:
      }
    }
    // What is being read continues in the next chunk.
    if (this.capture) {
      this.capture.pieces.push(chunk.subarray(this.capture.start));
      this.capture.start = 0;
    }
    if (this.key) {
      const piece = chunk.subarray(this.key.start);
      this.key.bytes += piece.length;
      if (this.key.bytes > MAX_KEY_BYTES) {
        this.key = undefined;
      } else {
        this.key.pieces.push(piece);
        this.key.start = 0;
      }
    }
  }

  /** The list's metadata (`resourceVersion`, `continue`) once the whole body was read. */
  end(): { metadata: Record<string, unknown> } {
    if (!this.rootClosed) this.fail();
    return { metadata: this.metadata };
  }

  private fail(): never {
    throw new NotJsonError('not a JSON list');
  }

  private endKey(chunk: Buffer, end: number) {
    const key = this.key!;
    this.key = undefined;
    if (key.bytes + (end - key.start) > MAX_KEY_BYTES) {
      this.lastKey = '';
      return;
    }
    key.pieces.push(chunk.subarray(key.start, end));
    this.lastKey = Buffer.concat(key.pieces).toString('utf8');
  }

  private open(b: number, i: number) {
    if (this.depth === 0) this.rootSeen = true;
    else if (this.depth === 1 && !this.capture) {
      if (b === OPEN_ARRAY && this.lastKey === 'items') this.inItems = true;
      else if (b === OPEN_OBJECT && this.lastKey === 'metadata')
        this.capture = { what: 'metadata', depth: 1, pieces: [], start: i };
    } else if (
      this.depth === 2 &&
      this.inItems &&
      !this.capture &&
      b === OPEN_OBJECT
    ) {
      this.capture = { what: 'item', depth: 2, pieces: [], start: i };
    }
    this.depth++;
  }

  private close(b: number, chunk: Buffer, i: number) {
    this.depth--;
    if (this.depth < 0) this.fail();
    const capture = this.capture;
    if (capture && this.depth === capture.depth) {
      this.capture = undefined;
      capture.pieces.push(chunk.subarray(capture.start, i + 1));
      let value: any;
      try {
        value = JSON.parse(Buffer.concat(capture.pieces).toString('utf8'));
      } catch {
        this.fail();
      }
      if (capture.what === 'item') this.onItem(value);
      else this.metadata = value;
    }
    if (this.depth === 1 && b === CLOSE_ARRAY) this.inItems = false;
    if (this.depth === 0) {
      if (!this.rootSeen || b !== CLOSE_OBJECT) this.fail();
      this.rootClosed = true;
    }
  }
}
