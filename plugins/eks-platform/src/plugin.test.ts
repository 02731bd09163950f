import { eksPlatformPlugin } from './plugin';

describe('eksPlatformPlugin', () => {
  it('has the eks-platform id shared with its backend', () => {
    expect(eksPlatformPlugin.id).toBe('eks-platform');
  });

  it('exposes the fleet route for apps that bind to it', () => {
    expect(eksPlatformPlugin.routes.fleet).toBeDefined();
  });
});
