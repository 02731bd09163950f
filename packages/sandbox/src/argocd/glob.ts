/*
 * Argo CD's glob patterns (util/glob: gobwas glob without separators), as
 * it matches AppProject source repositories and destinations and a
 * directory source's `include` / `exclude`: `*` and `**` match any
 * characters, `/` included; `?` one character; `[abc]` a class; `{a,b}`
 * alternatives.
 */

function toRegex(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      out += '.*';
      while (pattern[i + 1] === '*') i++;
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) {
        out += '\\[';
      } else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = pattern.indexOf('}', i + 1);
      if (end < 0) {
        out += '\\{';
      } else {
        out += `(?:${pattern
          .slice(i + 1, end)
          .split(',')
          .map(toRegex)
          .join('|')})`;
        i = end;
      }
    } else {
      out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
    }
  }
  return out;
}

export function globMatch(pattern: string, text: string): boolean {
  return new RegExp(`^${toRegex(pattern)}$`).test(text);
}
