import { bareEntity, checkoutEntity } from './__testUtils__/fixtures';
import {
  ALERT_ANNOTATIONS,
  hasAnyAnnotation,
  withAnyAnnotation,
} from './filters';

describe('annotation filters', () => {
  it('checks annotations directly', () => {
    expect(hasAnyAnnotation(checkoutEntity, ALERT_ANNOTATIONS)).toBe(true);
    expect(hasAnyAnnotation(bareEntity, ALERT_ANNOTATIONS)).toBe(false);
  });

  it('matches any one of the annotations and ignores empty values', () => {
    const filter = withAnyAnnotation(ALERT_ANNOTATIONS);
    const withMatchers = {
      ...bareEntity,
      metadata: {
        ...bareEntity.metadata,
        annotations: { 'eks.platform/alert-matchers': 'team="x"' },
      },
    };
    const empty = {
      ...bareEntity,
      metadata: {
        ...bareEntity.metadata,
        annotations: { 'backstage.io/kubernetes-id': '' },
      },
    };
    expect(filter(withMatchers)).toBe(true);
    expect(filter(empty)).toBe(false);
  });
});
