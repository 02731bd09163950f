import { compareTemplateVersions, isTemplateVersion } from './templateVersion';

/**
 * The sections of a CHANGELOG.md for the versions after `from` up to and
 * including `to`. Sections start with a `## <version>` heading (optionally
 * `## [1.2.0]` or `## 1.2.0 - date`), as the template's changelog writes
 * them.
 */
export function changelogExcerpt(
  changelog: string,
  from: string,
  to: string,
): string {
  const sections: string[] = [];
  let current: { version?: string; lines: string[] } | undefined;
  const flush = () => {
    if (
      current?.version &&
      compareTemplateVersions(current.version, from) > 0 &&
      compareTemplateVersions(current.version, to) <= 0
    ) {
      sections.push(current.lines.join('\n').trim());
    }
  };
  for (const line of changelog.split('\n')) {
    const heading = /^##\s+\[?(\d+\.\d+\.\d+)\]?/.exec(line);
    if (heading) {
      flush();
      current = {
        version: isTemplateVersion(heading[1]) ? heading[1] : undefined,
        lines: [line],
      };
    } else if (/^#\s/.test(line)) {
      flush();
      current = undefined;
    } else {
      current?.lines.push(line);
    }
  }
  flush();
  return sections.join('\n\n');
}
