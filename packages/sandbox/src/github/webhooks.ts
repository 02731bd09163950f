import { randomUUID } from 'node:crypto';
import type { PushEvent } from './model/store';
import { accountJson, repoJson, Urls } from './model/serializers';

/*
 * Organisation webhooks for `push` events: every ref that moves in any
 * repository (a git push, a merged pull request, a ref written through the
 * REST API) is POSTed to each subscribed URL as GitHub delivers it —
 * `X-GitHub-Event: push`, `X-GitHub-Delivery`, the push payload with
 * `ref`, `before`, `after` and the repository. Deliveries are not retried
 * (GitHub does not either); each is recorded with its outcome.
 */

export interface WebhookDelivery {
  id: string;
  url: string;
  repository: string;
  ref: string;
  after: string;
  /** HTTP status, or the network error. */
  status?: number;
  error?: string;
  at: string;
}

const ZEROS = '0'.repeat(40);

export class PushWebhooks {
  readonly urls: string[] = [];
  readonly deliveries: WebhookDelivery[] = [];

  constructor(private readonly base: Urls) {}

  subscribe(url: string): void {
    if (!/^https?:\/\//.test(url)) {
      throw new Error(`webhook URL must be http(s), got ${url}`);
    }
    if (!this.urls.includes(url)) this.urls.push(url);
  }

  deliver(event: PushEvent): void {
    if (this.urls.length === 0) return;
    const repo = repoJson(event.repo, this.base);
    const payload = {
      ref: event.ref,
      before: event.before,
      after: event.after,
      created: event.before === ZEROS,
      deleted: event.after === ZEROS,
      forced: false,
      repository: { ...repo, default_branch: event.repo.defaultBranch },
      pusher: {
        name: 'sandbox-bot',
        email: 'sandbox-bot@users.noreply.github.com',
      },
      sender: accountJson(event.repo.owner, this.base),
      commits: [],
      head_commit: null,
    };
    for (const url of this.urls) {
      const delivery: WebhookDelivery = {
        id: randomUUID(),
        url,
        repository: `${event.repo.owner.login}/${event.repo.name}`,
        ref: event.ref,
        after: event.after,
        at: new Date().toISOString(),
      };
      this.deliveries.push(delivery);
      if (this.deliveries.length > 100) this.deliveries.shift();
      fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'GitHub-Hookshot/sandbox',
          'X-GitHub-Event': 'push',
          'X-GitHub-Delivery': delivery.id,
        },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(10_000),
      })
        .then(async res => {
          delivery.status = res.status;
          await res.arrayBuffer();
        })
        .catch(error => {
          delivery.error = String(error?.message ?? error);
        });
    }
  }
}
