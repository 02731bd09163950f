import {
  changelogExcerpt,
  compareTemplateVersions,
  templateDigest,
  templateVersionOf,
} from '@internal/backstage-plugin-eks-platform-node';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { repoRoot } from '../paths';

/**
 * A template's version is its contract with every generated repository:
 * a skeleton or step change without a version bump would give two
 * different templates one version, and upgrades from it would merge
 * against the wrong base. Every versioned template of the repository is
 * held to it: the golden path and "Upgrade services" (steps only).
 */
describe.each(['eks-service', 'upgrade-services'])(
  'the version of templates/%s',
  name => {
    const templateDir = path.join(repoRoot, 'templates', name);
    const templateText = fs.readFileSync(
      path.join(templateDir, 'template.yaml'),
      'utf8',
    );
    const DIGESTS_FILE = path.join(templateDir, 'template-digests.json');
    const version = templateVersionOf(templateText);
    const digests: Record<string, string> = JSON.parse(
      fs.readFileSync(DIGESTS_FILE, 'utf8'),
    );

    it('is a MAJOR.MINOR.PATCH version in the eks.platform/template-version annotation', () => {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    });

    it('is what the skeleton records: the fetch step passes the same ref and version', () => {
      const entity = yaml.parse(templateText);
      const fetch = entity.spec.steps.find(
        (s: any) => s.action === 'fetch:template',
      );
      // A template that generates no repository (no fetch step) has no
      // skeleton and records nothing.
      expect(fetch?.input.values.template).toEqual(
        fetch
          ? { ref: `template:default/${entity.metadata.name}`, version }
          : undefined,
      );
      expect(fs.existsSync(path.join(templateDir, 'skeleton'))).toBe(!!fetch);
    });

    it('has a CHANGELOG.md section', () => {
      const changelog = fs.readFileSync(
        path.join(templateDir, 'CHANGELOG.md'),
        'utf8',
      );
      expect(changelog).toMatch(
        new RegExp(`^## \\[?${version!.replace(/\./g, '\\.')}\\]?`, 'm'),
      );
      expect(changelogExcerpt(changelog, '0.0.0', version!).trim()).not.toBe(
        '',
      );
    });

    it('is bumped whenever the skeleton or the steps change (committed digest per version)', async () => {
      const digest = await templateDigest(templateDir);
      const recorded = digests[version!];
      const older = Object.entries(digests).find(
        ([v, d]) => d === digest && v !== version,
      );
      const fix = `bump metadata.annotations["eks.platform/template-version"] in templates/${name}/template.yaml, add its CHANGELOG.md section, and record "<new version>": "${digest}" in templates/${name}/template-digests.json`;
      if (recorded !== digest) {
        throw new Error(
          recorded
            ? `The skeleton or steps of v${version} changed after it was recorded: ${fix}.`
            : `v${version} has no digest in template-digests.json: record "${version}": "${digest}".`,
        );
      }
      expect(older).toBeUndefined();
    });

    it('is the newest recorded version', () => {
      const versions = Object.keys(digests).sort(compareTemplateVersions);
      expect(versions[versions.length - 1]).toBe(version);
    });
  },
);
