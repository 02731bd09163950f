// Runs ensureUpstreams in its own process (for the concurrency test):
//   node run-ensure.mjs <repoRoot> <cacheRoot> <go> <name…>
import { ensureUpstreams } from '../upstreams.mjs';

const [repoRoot, cacheRoot, go, ...names] = process.argv.slice(2);
const logs = [];
try {
  const tools = await ensureUpstreams(m => logs.push(m), {
    repoRoot,
    cacheRoot,
    names,
    goCandidates: [go],
    lockPollMs: 100,
  });
  console.log(JSON.stringify({ tools, logs }));
} catch (error) {
  console.log(JSON.stringify({ error: error.message, logs }));
  process.exit(1);
}
