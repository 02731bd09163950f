import { upstreamBinary } from '@internal/eks-platform-sandbox';
import { runHelm } from './helmCli';

describe('runHelm', () => {
  it('runs the helm pinned in tools/upstreams/pins.json, reporting its release version', () => {
    const result = runHelm(['version', '--template', '{{ .Version }}']);
    expect(result).toEqual({
      status: 0,
      stdout: upstreamBinary('helm').version,
      stderr: '',
    });
  });

  it("uses a Helm home of its own, not the user's repositories and plugins", () => {
    const env = runHelm(['env']).stdout;
    expect(env).toMatch(/^HELM_CACHE_HOME=".*helm-home-[^/]+\/cache"$/m);
    expect(env).toMatch(
      /^HELM_REPOSITORY_CONFIG=".*helm-home-[^/]+\/config\/repositories\.yaml"$/m,
    );
  });
});
