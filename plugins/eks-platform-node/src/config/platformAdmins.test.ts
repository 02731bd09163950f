import { ConfigReader } from '@backstage/config';
import { readPlatformAdmins } from './platformAdmins';

describe('readPlatformAdmins', () => {
  it('reads canonical group refs; none configured means no admin', () => {
    expect(
      readPlatformAdmins(
        new ConfigReader({
          eksPlatform: { platformAdmins: ['Group:default/Platform', 'sre'] },
        }),
      ),
    ).toEqual(['group:default/platform', 'group:default/sre']);
    expect(readPlatformAdmins(new ConfigReader({}))).toEqual([]);
  });

  it('refuses a user or a malformed ref, naming the entry', () => {
    expect(() =>
      readPlatformAdmins(
        new ConfigReader({
          eksPlatform: { platformAdmins: ['group:default/a', 'user:jdoe'] },
        }),
      ),
    ).toThrow(
      'eksPlatform.platformAdmins[1] must be a group entity ref such as "group:default/platform", got "user:jdoe"',
    );
  });
});
