import { createHash } from 'node:crypto';
import { AwsError, invalidParameter } from './errors';
import {
  ENCRYPTION_TYPES,
  validateLifecyclePolicy,
  validateRepositoryName,
  validateRepositoryPolicy,
  validateTagMutability,
} from './validation';
import {
  describeImageScanFindings,
  ImageCatalog,
  SeededImage,
} from './scanFindings';

/*
 * ECR's repository operations over an in-memory registry. Inputs and outputs
 * use the JSON member names of the AWS API (what `@aws-sdk/client-ecr` sends
 * and parses).
 */

export interface Tag {
  Key: string;
  Value: string;
}

export interface Repository {
  repositoryArn: string;
  registryId: string;
  repositoryName: string;
  repositoryUri: string;
  /** Epoch seconds, as AWS JSON timestamps are. */
  createdAt: number;
  imageTagMutability: string;
  imageScanningConfiguration: { scanOnPush: boolean };
  encryptionConfiguration: { encryptionType: string; kmsKey?: string };
}

interface RepositoryState {
  repository: Repository;
  /** Pushed images by digest (the sandbox seeds them; there is no push API). */
  images: Map<string, SeededImage & { pushedAt: number }>;
  tags: Tag[];
  lifecyclePolicyText?: string;
  lifecycleEvaluatedAt?: number;
  policyText?: string;
}

type Input = Record<string, unknown>;

export class EcrRegistry {
  readonly accountId: string;
  readonly region: string;
  private readonly repositories = new Map<string, RepositoryState>();
  private readonly catalog?: ImageCatalog;

  constructor(accountId: string, region: string, catalog?: ImageCatalog) {
    this.accountId = accountId;
    this.region = region;
    this.catalog = catalog;
  }

  /**
   * Records a pushed image (and its scan), creating its repository with
   * scan-on-push when it does not exist: what CI's `docker push` does.
   */
  putImage(repositoryName: string, image: SeededImage): void {
    const name = validateRepositoryName(repositoryName);
    if (!this.repositories.has(name)) {
      this.create({
        repositoryName: name,
        imageScanningConfiguration: { scanOnPush: true },
      });
    }
    this.repositories.get(name)!.images.set(image.imageDigest, {
      ...structuredClone(image),
      pushedAt: Date.now(),
    });
  }

  /** The repository, materialized from the image catalog when it knows the image. */
  private withCatalog(input: Input): RepositoryState {
    const name = validateRepositoryName(input.repositoryName);
    const digest = (input.imageId as { imageDigest?: unknown } | undefined)
      ?.imageDigest;
    if (
      this.catalog &&
      typeof digest === 'string' &&
      !this.repositories.get(name)?.images.has(digest)
    ) {
      const known = this.catalog(name, digest);
      if (known) this.putImage(name, known);
    }
    return this.find(input);
  }

  list(): Array<
    Repository & {
      tags: Tag[];
      lifecyclePolicyText?: string;
      policyText?: string;
    }
  > {
    return [...this.repositories.values()].map(state => ({
      ...structuredClone(state.repository),
      tags: structuredClone(state.tags),
      lifecyclePolicyText: state.lifecyclePolicyText,
      policyText: state.policyText,
    }));
  }

  /** Runs one operation; throws AwsError for modelled failures. */
  run(operation: string, input: Input): unknown {
    switch (operation) {
      case 'CreateRepository':
        return { repository: this.create(input) };
      case 'DescribeRepositories':
        return this.describe(input);
      case 'DeleteRepository': {
        const state = this.find(input);
        this.repositories.delete(state.repository.repositoryName);
        return { repository: state.repository };
      }
      case 'PutLifecyclePolicy': {
        const state = this.find(input);
        state.lifecyclePolicyText = validateLifecyclePolicy(
          input.lifecyclePolicyText,
        );
        state.lifecycleEvaluatedAt = Math.floor(Date.now() / 1000);
        return {
          ...this.ids(state),
          lifecyclePolicyText: state.lifecyclePolicyText,
        };
      }
      case 'GetLifecyclePolicy':
      case 'DeleteLifecyclePolicy': {
        const state = this.find(input);
        const text = state.lifecyclePolicyText;
        if (!text) {
          throw new AwsError(
            'LifecyclePolicyNotFoundException',
            `Lifecycle policy does not exist for the repository with name '${state.repository.repositoryName}' in the registry with id '${this.accountId}'`,
          );
        }
        if (operation === 'DeleteLifecyclePolicy')
          delete state.lifecyclePolicyText;
        return {
          ...this.ids(state),
          lifecyclePolicyText: text,
          lastEvaluatedAt: state.lifecycleEvaluatedAt,
        };
      }
      case 'PutImageScanningConfiguration': {
        const state = this.find(input);
        const config = input.imageScanningConfiguration as
          | { scanOnPush?: unknown }
          | undefined;
        if (typeof config?.scanOnPush !== 'boolean') {
          throw invalidParameter(
            "Invalid parameter at 'imageScanningConfiguration' failed to satisfy constraint: 'scanOnPush must be a boolean'",
          );
        }
        state.repository.imageScanningConfiguration = {
          scanOnPush: config.scanOnPush,
        };
        return {
          ...this.ids(state),
          imageScanningConfiguration:
            state.repository.imageScanningConfiguration,
        };
      }
      case 'PutImageTagMutability': {
        const state = this.find(input);
        state.repository.imageTagMutability = validateTagMutability(
          input.imageTagMutability,
        );
        return {
          ...this.ids(state),
          imageTagMutability: state.repository.imageTagMutability,
        };
      }
      case 'SetRepositoryPolicy': {
        const state = this.find(input);
        state.policyText = validateRepositoryPolicy(input.policyText);
        return { ...this.ids(state), policyText: state.policyText };
      }
      case 'GetRepositoryPolicy':
      case 'DeleteRepositoryPolicy': {
        const state = this.find(input);
        const text = state.policyText;
        if (!text) {
          throw new AwsError(
            'RepositoryPolicyNotFoundException',
            `Repository policy does not exist for the repository with name '${state.repository.repositoryName}' in the registry with id '${this.accountId}'`,
          );
        }
        if (operation === 'DeleteRepositoryPolicy') delete state.policyText;
        return { ...this.ids(state), policyText: text };
      }
      case 'TagResource': {
        const state = this.findByArn(input.resourceArn);
        state.tags = mergeTags(state.tags, validateTags(input.tags));
        return {};
      }
      case 'UntagResource': {
        const state = this.findByArn(input.resourceArn);
        const keys = Array.isArray(input.tagKeys)
          ? (input.tagKeys as string[])
          : [];
        state.tags = state.tags.filter(tag => !keys.includes(tag.Key));
        return {};
      }
      case 'DescribeImageScanFindings': {
        const state = this.withCatalog(input);
        return describeImageScanFindings(
          { ...this.ids(state), images: state.images },
          input,
        );
      }
      case 'ListTagsForResource':
        return {
          tags: structuredClone(this.findByArn(input.resourceArn).tags),
        };
      default:
        throw new AwsError(
          'UnknownOperationException',
          `Operation ${operation} is not supported by the ECR simulator`,
        );
    }
  }

  private create(input: Input): Repository {
    this.checkRegistry(input);
    const name = validateRepositoryName(input.repositoryName);
    if (this.repositories.has(name)) {
      throw new AwsError(
        'RepositoryAlreadyExistsException',
        `The repository with name '${name}' already exists in the registry with id '${this.accountId}'`,
      );
    }
    const mutability =
      input.imageTagMutability === undefined
        ? 'MUTABLE'
        : validateTagMutability(input.imageTagMutability);
    const scanning = input.imageScanningConfiguration as
      | { scanOnPush?: boolean }
      | undefined;
    const tags = validateTags(input.tags ?? []);
    const repository: Repository = {
      repositoryArn: `arn:aws:ecr:${this.region}:${this.accountId}:repository/${name}`,
      registryId: this.accountId,
      repositoryName: name,
      repositoryUri: `${this.accountId}.dkr.ecr.${this.region}.amazonaws.com/${name}`,
      createdAt: Math.floor(Date.now() / 1000),
      imageTagMutability: mutability,
      imageScanningConfiguration: { scanOnPush: scanning?.scanOnPush === true },
      encryptionConfiguration: this.encryption(input.encryptionConfiguration),
    };
    this.repositories.set(name, { repository, tags, images: new Map() });
    return structuredClone(repository);
  }

  /** Encryption is fixed at creation (ECR offers no operation to change it). */
  private encryption(config: unknown): Repository['encryptionConfiguration'] {
    const { encryptionType = 'AES256', kmsKey } = (config ?? {}) as {
      encryptionType?: string;
      kmsKey?: string;
    };
    if (!ENCRYPTION_TYPES.includes(encryptionType)) {
      throw invalidParameter(
        `Invalid parameter at 'encryptionType' failed to satisfy constraint: 'Member must satisfy enum value set: [${ENCRYPTION_TYPES.join(
          ', ',
        )}]'`,
      );
    }
    if (encryptionType === 'AES256') {
      if (kmsKey)
        throw invalidParameter(
          'Invalid parameter: kmsKey can only be specified when encryptionType is KMS',
        );
      return { encryptionType };
    }
    // Without a key, AWS uses the account's aws/ecr managed key and reports its ARN.
    const managedKeyId = createHash('sha1')
      .update(`${this.accountId}/aws/ecr`)
      .digest('hex');
    const uuid = `${managedKeyId.slice(0, 8)}-${managedKeyId.slice(
      8,
      12,
    )}-${managedKeyId.slice(12, 16)}-${managedKeyId.slice(
      16,
      20,
    )}-${managedKeyId.slice(20, 32)}`;
    return {
      encryptionType,
      kmsKey:
        kmsKey ?? `arn:aws:kms:${this.region}:${this.accountId}:key/${uuid}`,
    };
  }

  private describe(input: Input) {
    this.checkRegistry(input);
    const names = input.repositoryNames as string[] | undefined;
    if (names && names.length > 0) {
      return {
        repositories: names.map(
          name => this.find({ repositoryName: name }).repository,
        ),
      };
    }
    const all = [...this.repositories.values()].map(state => state.repository);
    const start = input.nextToken
      ? Number(Buffer.from(String(input.nextToken), 'base64').toString())
      : 0;
    if (Number.isNaN(start))
      throw invalidParameter(
        "Invalid parameter at 'nextToken' failed to satisfy constraint: 'invalid pagination token'",
      );
    const maxResults = Number(input.maxResults ?? 100);
    const page = all.slice(start, start + maxResults);
    const next =
      start + maxResults < all.length
        ? Buffer.from(String(start + maxResults)).toString('base64')
        : undefined;
    return {
      repositories: structuredClone(page),
      ...(next ? { nextToken: next } : {}),
    };
  }

  private ids(state: RepositoryState) {
    return {
      registryId: this.accountId,
      repositoryName: state.repository.repositoryName,
    };
  }

  private checkRegistry(input: Input) {
    if (input.registryId !== undefined && input.registryId !== this.accountId) {
      throw invalidParameter(
        `Invalid parameter at 'registryId' failed to satisfy constraint: 'registry ${String(
          input.registryId,
        )} is not the sandbox account ${this.accountId}'`,
      );
    }
  }

  private find(input: Input): RepositoryState {
    this.checkRegistry(input);
    const name = validateRepositoryName(input.repositoryName);
    const state = this.repositories.get(name);
    if (!state) {
      throw new AwsError(
        'RepositoryNotFoundException',
        `The repository with name '${name}' does not exist in the registry with id '${this.accountId}'`,
      );
    }
    return state;
  }

  private findByArn(arn: unknown): RepositoryState {
    const match =
      typeof arn === 'string'
        ? arn.match(/^arn:aws:ecr:([^:]+):(\d{12}):repository\/(.+)$/)
        : null;
    if (!match) {
      throw invalidParameter(
        `Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN: ${String(
          arn,
        )}'`,
      );
    }
    const [, region, account, name] = match;
    if (region !== this.region || account !== this.accountId) {
      throw new AwsError(
        'RepositoryNotFoundException',
        `The repository with name '${name}' does not exist in the registry with id '${account}'`,
      );
    }
    return this.find({ repositoryName: name });
  }
}

function validateTags(tags: unknown): Tag[] {
  if (!Array.isArray(tags))
    throw invalidParameter(
      "Invalid parameter at 'tags' failed to satisfy constraint: 'must be a list'",
    );
  for (const tag of tags as Array<Partial<Tag>>) {
    if (
      typeof tag?.Key !== 'string' ||
      tag.Key.length < 1 ||
      tag.Key.length > 128
    ) {
      throw invalidParameter(
        'Invalid parameter: tag keys must be 1 to 128 characters long',
      );
    }
    if (typeof tag.Value !== 'string' || tag.Value.length > 256) {
      throw invalidParameter(
        `Invalid parameter: the value of tag '${tag.Key}' must be a string of at most 256 characters`,
      );
    }
  }
  if (tags.length > 50)
    throw new AwsError(
      'TooManyTagsException',
      'A repository can have at most 50 tags',
    );
  return structuredClone(tags as Tag[]);
}

function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const byKey = new Map(existing.map(tag => [tag.Key, tag.Value]));
  for (const tag of added) byKey.set(tag.Key, tag.Value);
  if (byKey.size > 50)
    throw new AwsError(
      'TooManyTagsException',
      'A repository can have at most 50 tags',
    );
  return [...byKey.entries()].map(([Key, Value]) => ({ Key, Value }));
}
