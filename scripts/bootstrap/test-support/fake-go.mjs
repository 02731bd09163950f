// A stand-in for `go` in the bootstrap's tests: answers the few commands
// upstreams.mjs runs, writes "binaries" that record how they were built, and
// logs every call. Driven by environment variables:
//   FAKE_GO_VERSION  what `go env GOVERSION` says (default go1.26.8)
//   FAKE_GO_ROOT     what `go env GOROOT` says (the wrapper's ../..)
//   FAKE_GO_LOG      file to append one JSON line per call to
//   FAKE_GO_SLEEP_MS how long install/build take (default 0)
//   FAKE_GO_FAIL     a subcommand (install, tidy, build) that fails
//   FAKE_GO_GOMOD    text of the go.mod that `go mod download -json` reports
//   FAKE_GO_MODULE_FILES  comma-separated paths the downloaded module's
//                    folder (`Dir`) holds, each containing "<path> of <module>@<version>"
//   FAKE_GO_DOWNLOAD_FAIL  when set, `go mod download` fails the way Go does
//                    for a version the proxy refuses
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

const args = process.argv.slice(2);
const env = process.env;
if (env.FAKE_GO_LOG) {
  appendFileSync(
    env.FAKE_GO_LOG,
    `${JSON.stringify({ pid: process.pid, args })}\n`,
  );
}
const sleep = ms =>
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const flag = name =>
  args.find(a => a.startsWith(`-${name}=`))?.slice(name.length + 2);
const fail = sub => {
  if (env.FAKE_GO_FAIL !== sub) return;
  process.stderr.write(
    `# example.com/broken\nbroken.go:1:1: undefined: Thing (${sub})\n`,
  );
  process.exit(1);
};

if (args[0] === 'env') {
  console.log(env.FAKE_GO_VERSION ?? 'go1.26.8');
  console.log(env.FAKE_GO_ROOT);
} else if (args[0] === 'install') {
  fail('install');
  sleep(Number(env.FAKE_GO_SLEEP_MS ?? 0));
  const target = args[args.length - 1];
  process.stderr.write('example.com/a\nexample.com/b\n');
  writeFileSync(
    join(env.GOBIN, basename(target.split('@')[0])),
    `built ${target} ldflags=${flag('ldflags')}\n`,
  );
} else if (args[0] === 'mod' && args[1] === 'download') {
  const [path, version] = args[3].split('@');
  if (env.FAKE_GO_DOWNLOAD_FAIL) {
    const error = `${path}@${version}: reading https://proxy.golang.org/${path}/@v/${version}.info: 403 Forbidden`;
    console.log(JSON.stringify({ Path: path, Version: version, Error: error }));
    process.stderr.write(`go: ${error}\n`);
    process.exit(1);
  }
  const dir = mkdtempSync(join(tmpdir(), 'fake-gomod-'));
  writeFileSync(
    join(dir, 'go.mod'),
    env.FAKE_GO_GOMOD ?? 'module x\n\nrequire k8s.io/client-go v0.37.0\n',
  );
  for (const file of (env.FAKE_GO_MODULE_FILES ?? '').split(',')) {
    if (!file) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), `${file} of ${args[3]}\n`);
  }
  process.stderr.write('go: downloading example.com/x v1.0.0\n');
  console.log(
    JSON.stringify(
      { Path: path, Version: version, Dir: dir, GoMod: join(dir, 'go.mod') },
      null,
      2,
    ),
  );
} else if (args[0] === 'mod' && args[1] === 'tidy') {
  fail('tidy');
} else if (args[0] === 'build') {
  fail('build');
  sleep(Number(env.FAKE_GO_SLEEP_MS ?? 0));
  const out = args[args.indexOf('-o') + 1];
  writeFileSync(
    out,
    `built ${args[args.length - 1]} in ${process.cwd()} ldflags=${flag(
      'ldflags',
    )}\n`,
  );
} else {
  process.stderr.write(`fake go: unexpected ${args.join(' ')}\n`);
  process.exit(2);
}
