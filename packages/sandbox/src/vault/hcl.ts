/*
 * Vault ACL policy parsing: the HCL subset Vault policies use (path blocks
 * with `capabilities = [...]` and the optional parameter constraints), plus
 * the JSON form Vault also accepts. Errors read like Vault's, which prefixes
 * them with "failed to parse policy: ".
 */

export const CAPABILITIES = [
  'create',
  'read',
  'update',
  'patch',
  'delete',
  'list',
  'sudo',
  'deny',
  'subscribe',
  'recover',
] as const;

export interface PathRule {
  path: string;
  capabilities: string[];
}

type Value = string | number | boolean | Value[] | { [key: string]: Value };

interface Token {
  kind: 'string' | 'ident' | 'number' | 'punct';
  text: string;
  line: number;
  column: number;
}

class HclSyntaxError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  const advance = (count: number) => {
    for (let k = 0; k < count; k++) {
      if (source[i] === '\n') {
        line += 1;
        column = 1;
      } else {
        column += 1;
      }
      i += 1;
    }
  };
  while (i < source.length) {
    const char = source[i];
    const rest = source.slice(i);
    if (/\s/.test(char)) advance(1);
    else if (char === '#' || rest.startsWith('//'))
      advance(rest.indexOf('\n') < 0 ? rest.length : rest.indexOf('\n'));
    else if (rest.startsWith('/*')) {
      const end = rest.indexOf('*/');
      if (end < 0)
        throw new HclSyntaxError(
          `At ${line}:${column}: comment not terminated`,
        );
      advance(end + 2);
    } else if (char === '"') {
      const match = rest.match(/^"((?:[^"\\\n]|\\.)*)"/);
      if (!match)
        throw new HclSyntaxError(
          `At ${line}:${column}: literal not terminated`,
        );
      tokens.push({
        kind: 'string',
        text: JSON.parse(`"${match[1]}"`),
        line,
        column,
      });
      advance(match[0].length);
    } else if (/[{}[\]=,]/.test(char)) {
      tokens.push({ kind: 'punct', text: char, line, column });
      advance(1);
    } else if (/[-0-9]/.test(char)) {
      const match = rest.match(/^-?\d+(\.\d+)?/);
      if (!match)
        throw new HclSyntaxError(`At ${line}:${column}: illegal char`);
      tokens.push({ kind: 'number', text: match[0], line, column });
      advance(match[0].length);
    } else if (/[A-Za-z_]/.test(char)) {
      const match = rest.match(/^[A-Za-z_][A-Za-z0-9_.-]*/)!;
      tokens.push({ kind: 'ident', text: match[0], line, column });
      advance(match[0].length);
    } else {
      throw new HclSyntaxError(`At ${line}:${column}: illegal char`);
    }
  }
  return tokens;
}

class Parser {
  private position = 0;
  private readonly tokens: Token[];
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(expected: string): Token {
    const token = this.tokens[this.position];
    if (!token) {
      const last = this.tokens[this.tokens.length - 1];
      throw new HclSyntaxError(
        `At ${last ? last.line : 1}:${
          last ? last.column : 1
        }: expected: ${expected} got: EOF`,
      );
    }
    this.position += 1;
    return token;
  }

  /** Body of an object: `key = value` or `key "label" { ... }` entries until `}` or EOF. */
  parseEntries(
    untilBrace: boolean,
  ): Array<{ key: string; labels: string[]; value: Value; line: number }> {
    const entries: Array<{
      key: string;
      labels: string[];
      value: Value;
      line: number;
    }> = [];
    for (;;) {
      const token = this.peek();
      if (!token) {
        if (untilBrace) this.next('}');
        return entries;
      }
      if (token.kind === 'punct' && token.text === '}' && untilBrace) {
        this.position += 1;
        return entries;
      }
      if (token.kind === 'punct' && token.text === ',') {
        this.position += 1;
        continue;
      }
      const key = this.next('IDENT | STRING');
      if (key.kind !== 'ident' && key.kind !== 'string') {
        throw new HclSyntaxError(
          `At ${key.line}:${key.column}: expected: IDENT | STRING got: ${key.text}`,
        );
      }
      const labels: string[] = [];
      while (this.peek()?.kind === 'string')
        labels.push(this.next('STRING').text);
      const after = this.peek();
      if (after?.kind === 'punct' && after.text === '=') {
        this.position += 1;
        entries.push({
          key: key.text,
          labels,
          value: this.parseValue(),
          line: key.line,
        });
      } else if (after?.kind === 'punct' && after.text === '{') {
        this.position += 1;
        entries.push({
          key: key.text,
          labels,
          value: toObject(this.parseEntries(true)),
          line: key.line,
        });
      } else {
        const got = after ? after.text : 'EOF';
        const where = after ?? key;
        throw new HclSyntaxError(
          `At ${where.line}:${where.column}: expected: IDENT | STRING | ASSIGN | LBRACE got: ${got}`,
        );
      }
    }
  }

  private parseValue(): Value {
    const token = this.next('value');
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (
      token.kind === 'ident' &&
      (token.text === 'true' || token.text === 'false')
    )
      return token.text === 'true';
    if (token.kind === 'punct' && token.text === '[') {
      const items: Value[] = [];
      for (;;) {
        const peeked = this.peek();
        if (peeked?.kind === 'punct' && peeked.text === ']') {
          this.position += 1;
          return items;
        }
        items.push(this.parseValue());
        const separator = this.peek();
        if (separator?.kind === 'punct' && separator.text === ',') {
          this.position += 1;
        } else if (!(separator?.kind === 'punct' && separator.text === ']')) {
          const where = separator ?? token;
          throw new HclSyntaxError(
            `At ${where.line}:${where.column}: expected: , or ] got: ${
              separator ? separator.text : 'EOF'
            }`,
          );
        }
      }
    }
    if (token.kind === 'punct' && token.text === '{')
      return toObject(this.parseEntries(true));
    throw new HclSyntaxError(
      `At ${token.line}:${token.column}: Unknown token: ${token.line}:${token.column} ${token.text}`,
    );
  }
}

function toObject(
  entries: Array<{ key: string; labels: string[]; value: Value }>,
): { [key: string]: Value } {
  const object: { [key: string]: Value } = {};
  for (const entry of entries)
    object[[entry.key, ...entry.labels].join('\u0000')] = entry.value;
  return object;
}

const PATH_KEYS = new Set([
  'capabilities',
  'policy',
  'allowed_parameters',
  'denied_parameters',
  'required_parameters',
  'min_wrapping_ttl',
  'max_wrapping_ttl',
  'control_group',
  'mfa_methods',
]);

const LEGACY_POLICY: Record<string, string[]> = {
  deny: ['deny'],
  read: ['read', 'list'],
  write: ['create', 'read', 'update', 'delete', 'list'],
  sudo: ['create', 'read', 'update', 'delete', 'list', 'sudo'],
};

function rulesFrom(
  paths: Array<{ path: string; body: Record<string, unknown>; line?: number }>,
): PathRule[] {
  return paths.map(({ path, body, line }) => {
    for (const key of Object.keys(body)) {
      if (!PATH_KEYS.has(key)) {
        throw new Error(
          `invalid key "${key}"${line ? ` on line ${line}` : ''}`,
        );
      }
    }
    const legacy =
      typeof body.policy === 'string' ? LEGACY_POLICY[body.policy] : [];
    if (body.policy !== undefined && !legacy)
      throw new Error(
        `path "${path}": invalid policy "${String(body.policy)}"`,
      );
    const declared = body.capabilities ?? [];
    if (
      !Array.isArray(declared) ||
      declared.some(item => typeof item !== 'string')
    ) {
      throw new Error(`path "${path}": capabilities must be a list of strings`);
    }
    for (const capability of declared as string[]) {
      if (!(CAPABILITIES as readonly string[]).includes(capability)) {
        throw new Error(`path "${path}": invalid capability "${capability}"`);
      }
    }
    return {
      path,
      capabilities: [
        ...new Set([...(legacy ?? []), ...(declared as string[])]),
      ],
    };
  });
}

/** Parses a Vault policy; throws an Error whose message follows "failed to parse policy: ". */
export function parsePolicy(source: string): PathRule[] {
  const trimmed = source.trim();
  if (trimmed.startsWith('{')) {
    let json: { path?: Record<string, Record<string, unknown>> };
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      throw new Error(`failed to parse policy: ${(error as Error).message}`);
    }
    try {
      return rulesFrom(
        Object.entries(json.path ?? {}).map(([path, body]) => ({ path, body })),
      );
    } catch (error) {
      throw new Error(`failed to parse policy: ${(error as Error).message}`);
    }
  }
  try {
    const entries = new Parser(tokenize(source)).parseEntries(false);
    const paths = entries.map(entry => {
      if (entry.key === 'name') return undefined;
      if (entry.key !== 'path')
        throw new Error(`invalid key "${entry.key}" on line ${entry.line}`);
      if (
        entry.labels.length !== 1 ||
        typeof entry.value !== 'object' ||
        Array.isArray(entry.value)
      ) {
        throw new Error(
          `path block on line ${entry.line} must look like: path "secret/data/*" { capabilities = ["read"] }`,
        );
      }
      return {
        path: entry.labels[0],
        body: entry.value as Record<string, unknown>,
        line: entry.line,
      };
    });
    return rulesFrom(
      paths.filter(
        (path): path is NonNullable<typeof path> => path !== undefined,
      ),
    );
  } catch (error) {
    throw new Error(`failed to parse policy: ${(error as Error).message}`);
  }
}
