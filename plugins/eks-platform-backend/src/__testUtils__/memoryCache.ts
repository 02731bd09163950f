import {
  CacheService,
  CacheServiceSetOptions,
} from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/** An in-memory CacheService with TTLs, standing in for Redis in unit tests. */
export class MemoryCache implements CacheService {
  private readonly data = new Map<
    string,
    { value: JsonValue; expires: number }
  >();

  async get<T extends JsonValue>(key: string): Promise<T | undefined> {
    const hit = this.data.get(key);
    if (!hit || hit.expires < Date.now()) return undefined;
    return structuredClone(hit.value) as T;
  }

  async set(
    key: string,
    value: JsonValue,
    options?: CacheServiceSetOptions,
  ): Promise<void> {
    const ttl = typeof options?.ttl === 'number' ? options.ttl : 3_600_000;
    this.data.set(key, {
      value: structuredClone(value),
      expires: Date.now() + ttl,
    });
  }

  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }

  withOptions(): CacheService {
    return this;
  }
}
