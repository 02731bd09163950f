import { eksPlatformPlugin } from './plugin';

describe('eksPlatformPlugin', () => {
  it('has the eks-platform id shared with its backend', () => {
    expect(eksPlatformPlugin.id).toBe('eks-platform');
  });
});
