import { Copy, DockerfileParser } from 'dockerfile-ast';
import fs from 'node:fs';
import path from 'node:path';

/** The source operands of every `COPY` that reads the build context. */
export function contextCopySources(dockerfile: string): string[] {
  return DockerfileParser.parse(dockerfile)
    .getInstructions()
    .filter((i): i is Copy => i instanceof Copy)
    .filter(i => !i.getFlags().some(flag => flag.getName() === 'from'))
    .flatMap(i =>
      i
        .getArguments()
        .slice(0, -1)
        .map(a => a.getValue()),
    );
}

/** A .dockerignore / COPY pattern (Go filepath.Match plus `**`) as a regex. */
function patternToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether Docker leaves `relativePath` out of the build context: the last
 * .dockerignore rule matching the path or one of its parent folders wins,
 * `!` rules put paths back.
 */
export function dockerignoreExcludes(
  dockerignore: string,
): (relativePath: string) => boolean {
  const rules = dockerignore
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'))
    .map(line => {
      const include = line.startsWith('!');
      const pattern = path.posix.normalize(
        (include ? line.slice(1) : line).replace(/^\/+/, ''),
      );
      return { include, regex: patternToRegExp(pattern) };
    });
  return relativePath => {
    const segments = relativePath.split('/');
    const candidates = segments.map((_, i) =>
      segments.slice(0, i + 1).join('/'),
    );
    let excluded = false;
    for (const rule of rules) {
      if (candidates.some(c => rule.regex.test(c))) excluded = !rule.include;
    }
    return excluded;
  };
}

/**
 * The files and folders of the build context (`root`) a COPY source names:
 * itself, or for a wildcard the entries of its folder that match, minus
 * what .dockerignore leaves out. Empty when Docker would fail the COPY.
 */
export function resolveCopySource(
  root: string,
  source: string,
  excluded: (relativePath: string) => boolean,
): string[] {
  const relative = path.posix.normalize(source).replace(/^\.\//, '');
  const candidates = /[*?[]/.test(relative)
    ? fs
        .readdirSync(path.join(root, path.posix.dirname(relative)))
        .map(name => path.posix.join(path.posix.dirname(relative), name))
        .filter(name => patternToRegExp(relative).test(name))
    : [relative];
  return candidates.filter(
    c => fs.existsSync(path.join(root, c)) && !excluded(c),
  );
}
