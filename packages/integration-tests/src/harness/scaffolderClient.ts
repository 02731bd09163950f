/**
 * A small client of the scaffolder's REST API, as the frontend uses it:
 * create a task, poll it, read its event log.
 */
export interface TaskResult {
  id: string;
  status: 'completed' | 'failed' | 'cancelled' | string;
  output?: Record<string, any>;
  /** Why a failed task failed: the error its failing step threw. */
  error?: { name: string; message: string };
  log: string[];
}

export class ScaffolderClient {
  constructor(
    private readonly baseUrl: string,
    private readonly authorization: string,
  ) {}

  private async request(path: string, init: RequestInit = {}) {
    const res = await fetch(`${this.baseUrl}${path}`, {
      // A backend that stops answering fails the call instead of the test
      // waiting for ever.
      signal: AbortSignal.timeout(60_000),
      ...init,
      headers: {
        Authorization: this.authorization,
        'Content-Type': 'application/json',
        ...init.headers,
      },
    });
    const text = await res.text();
    const body = text ? JSON.parse(text) : undefined;
    if (!res.ok)
      throw new Error(
        `${init.method ?? 'GET'} ${path} → ${res.status}: ${text}`,
      );
    return body;
  }

  async createTask(
    templateRef: string,
    values: Record<string, unknown>,
  ): Promise<string> {
    const { id } = await this.request('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({ templateRef, values }),
    });
    return id;
  }

  async task(id: string) {
    return this.request(`/api/scaffolder/v2/tasks/${id}`);
  }

  async events(id: string): Promise<any[]> {
    return this.request(`/api/scaffolder/v2/tasks/${id}/events`);
  }

  /** Log lines of the task, as the task page shows them. */
  async log(id: string): Promise<string[]> {
    return (await this.events(id))
      .filter(e => e.type === 'log')
      .map(e => `${e.body?.stepId ?? '-'}: ${e.body?.message ?? ''}`);
  }

  async waitForTask(id: string, timeoutMs: number): Promise<TaskResult> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = await this.task(id);
      if (['completed', 'failed', 'cancelled'].includes(task.status)) {
        const events = await this.events(id);
        const completion = events.find(e => e.type === 'completion');
        return {
          id,
          status: task.status,
          output: completion?.body?.output,
          error: completion?.body?.error,
          log: await this.log(id),
        };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `task ${id} still ${task.status} after ${timeoutMs} ms:\n${(
            await this.log(id)
          ).join('\n')}`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }
}

/** Waits until the catalog serves an entity (locations are processed asynchronously). */
export async function waitForEntity(
  baseUrl: string,
  authorization: string,
  ref: string,
  timeoutMs: number,
) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
      {
        headers: { Authorization: authorization },
      },
    );
    if (res.ok) return res.json();
    if (Date.now() > deadline)
      throw new Error(`catalog has no ${ref} after ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 250));
  }
}
