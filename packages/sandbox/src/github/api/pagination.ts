import { invalidRequest } from './errors';

/**
 * GitHub's page-number pagination: `per_page` (default 30, max 100) and
 * `page`, with an RFC 8288 `Link` header naming next/last/first/prev.
 */
export function paginate<T>(
  items: T[],
  url: URL,
): { page: T[]; headers: Record<string, string> } {
  const perPage = intParam(url, 'per_page', 30, 0, 100);
  const pageNumber = intParam(url, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  if (perPage === 0) return { page: [], headers: {} };
  const start = (pageNumber - 1) * perPage;
  const page = items.slice(start, start + perPage);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const target = new URL(url.toString());
    target.searchParams.set('per_page', String(perPage));
    target.searchParams.set('page', String(n));
    return `<${target.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pageNumber > 1) links.push(link(pageNumber - 1, 'prev'));
  if (pageNumber < lastPage) links.push(link(pageNumber + 1, 'next'));
  if (pageNumber < lastPage) links.push(link(lastPage, 'last'));
  if (pageNumber > 1) links.push(link(1, 'first'));
  return { page, headers: links.length ? { Link: links.join(', ') } : {} };
}

export function intParam(
  url: URL,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw invalidRequest(`"${name}" must be an integer >= ${min}.`);
  }
  return Math.min(value, max);
}
