import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** This package's directory. */
export const packageDir = resolvePackagePath(
  '@internal/templates-verification',
);

/** The repository root (packages/templates-verification/../..). */
export const repoRoot = path.resolve(packageDir, '..', '..');

/** The golden-path template under test. */
export const templateDir = path.join(repoRoot, 'templates', 'eks-service');
export const templateFile = path.join(templateDir, 'template.yaml');
export const skeletonDir = path.join(templateDir, 'skeleton');
