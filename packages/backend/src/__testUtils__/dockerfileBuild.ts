import {
  Copy,
  DockerfileParser,
  Env,
  Instruction,
  JSONInstruction,
} from 'dockerfile-ast';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { resolveCopySource } from './dockerContext';

/*
 * Builds the file system of a Dockerfile's final stage into a folder, without
 * a Docker daemon: COPY reads the build context (minus .dockerignore), RUN
 * runs its commands in the folder with the stage's ENV, WORKDIR, ENV, USER and
 * CMD are recorded as the image's config. What cannot run here is named, never
 * silently dropped: a RUN command this machine must not run (apt-get of the
 * base image) is reported with why, and so is every flag a RUN carries
 * (BuildKit cache mounts only speed up a build).
 */

export interface ImageConfig {
  /** The stage's base image (FROM). */
  from: string;
  /** Absolute path in the image. */
  workdir: string;
  env: Record<string, string>;
  /** USER, as written (`uid[:gid]` or a name). */
  user?: string;
  cmd: string[];
}

export interface BuildStep {
  instruction: string;
  /** What the build did here; `skipped: why` for what it did not run. */
  outcome: string;
}

export interface BuiltImage {
  /** The image's `/`. */
  root: string;
  config: ImageConfig;
  steps: BuildStep[];
}

/** A RUN command that must not run on this machine, and why. */
export interface SkippedCommand {
  pattern: RegExp;
  why: string;
}

export interface BuildOptions {
  dockerfile: string;
  /** The build context (the repository root). */
  context: string;
  excluded: (relativePath: string) => boolean;
  /** The empty folder that becomes the image's `/`. */
  root: string;
  /** Added to the environment of every RUN (not to the image's ENV). */
  runEnv?: Record<string, string>;
  skip?: SkippedCommand[];
  /**
   * Where the file system after a RUN is kept, keyed by the digest of
   * everything before it plus the command: Docker's layer cache, so a
   * rebuild with an unchanged yarn.lock does not install again. Only RUNs
   * matching `cacheRuns` are kept (the expensive ones).
   */
  layerCache?: { dir: string; runs: RegExp };
  /**
   * The base image's users and groups (`node` is 1000:1000 in the node
   * images), for COPY --chown and USER given by name.
   */
  users?: Record<string, string>;
}

/** The instructions of the last stage (the one `docker build` tags). */
export function finalStage(dockerfile: string): Instruction[] {
  const instructions = DockerfileParser.parse(dockerfile).getInstructions();
  const froms = instructions
    .map((instruction, index) => ({ instruction, index }))
    .filter(({ instruction }) => instruction.getKeyword() === 'FROM');
  if (froms.length === 0) throw new Error('The Dockerfile has no FROM');
  return instructions.slice(froms[froms.length - 1].index);
}

/** `a && b && c` of a shell-form RUN, one command each. */
function commandsOf(run: Instruction): string[] {
  return (run.getArgumentsContent() ?? '')
    .split('&&')
    .map(c => c.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** Digest of every file below `dir` (paths and contents). */
function digestTree(dir: string, hash: crypto.Hash) {
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    hash.update(`${path.relative(dir, full)}\0`);
    if (entry.isDirectory()) digestTree(full, hash);
    else if (entry.isSymbolicLink()) hash.update(fs.readlinkSync(full));
    else hash.update(fs.readFileSync(full));
  }
}

/** Copies `source` (file or folder) of the context to `target` as COPY does. */
function copyFromContext(
  context: string,
  source: string,
  target: string,
  excluded: (relativePath: string) => boolean,
) {
  const from = path.join(context, source);
  fs.cpSync(from, target, {
    recursive: true,
    filter: src => {
      const relative = path.relative(context, src).split(path.sep).join('/');
      return relative === source || !excluded(relative);
    },
  });
}

export function buildImage(options: BuildOptions): BuiltImage {
  const { context, excluded, root } = options;
  const config: ImageConfig = { from: '', workdir: '/', env: {}, cmd: [] };
  const steps: BuildStep[] = [];
  const inRoot = (imagePath: string) =>
    path.join(root, path.posix.resolve(config.workdir, imagePath));
  const history = crypto.createHash('sha256');
  /** `uid:gid` of a --chown or USER value (names through options.users). */
  const owner = (spec: string) => {
    const [user, group = user] = spec.split(':');
    const id = (name: string, index: number) =>
      /^\d+$/.test(name)
        ? name
        : options.users?.[name]?.split(':')[index] ??
          (() => {
            throw new Error(`Unknown user or group ${name} in ${spec}`);
          })();
    return `${id(user, 0)}:${id(group, 1)}`;
  };

  for (const instruction of finalStage(options.dockerfile)) {
    const keyword = instruction.getKeyword();
    const text = `${keyword} ${instruction.getArgumentsContent() ?? ''}`
      .replace(/\s+/g, ' ')
      .trim();
    history.update(`${text}\n`);
    const step = (outcome: string) =>
      steps.push({ instruction: text, outcome });
    switch (keyword) {
      case 'FROM':
        config.from = instruction.getArguments()[0].getValue();
        step(`base image ${config.from}: this machine's Node and tools`);
        break;
      case 'WORKDIR':
        config.workdir = path.posix.resolve(
          config.workdir,
          instruction.getArguments()[0].getValue(),
        );
        fs.mkdirSync(path.join(root, config.workdir), { recursive: true });
        step(`workdir ${config.workdir}`);
        break;
      case 'ENV':
        for (const property of (instruction as Env).getProperties()) {
          config.env[property.getName()] = property.getValue() ?? '';
        }
        step('recorded');
        break;
      case 'USER':
        config.user = instruction.getArguments()[0].getValue();
        step('recorded');
        break;
      case 'CMD':
        config.cmd = (instruction as JSONInstruction)
          .getJSONStrings()
          .map(s => s.getJSONValue());
        if (config.cmd.length === 0)
          throw new Error(`${text}: only the JSON (exec) form is supported`);
        step('recorded');
        break;
      case 'COPY': {
        const copy = instruction as Copy;
        if (copy.getFromFlag())
          throw new Error(`${text}: COPY --from is not supported here`);
        const args = copy.getArguments().map(a => a.getValue());
        const target = args[args.length - 1];
        const sources = args.slice(0, -1).flatMap(s => {
          const found = resolveCopySource(context, s, excluded);
          if (found.length === 0)
            throw new Error(`${text}: ${s} is not in the build context`);
          return found;
        });
        const intoFolder = target.endsWith('/') || sources.length > 1;
        for (const source of sources) {
          const isDir = fs.statSync(path.join(context, source)).isDirectory();
          const destination =
            intoFolder && !isDir
              ? path.join(inRoot(target), path.posix.basename(source))
              : inRoot(target);
          fs.mkdirSync(path.dirname(destination), { recursive: true });
          copyFromContext(context, source, destination, excluded);
          const chown = copy.getFlags().find(f => f.getName() === 'chown');
          if (chown?.getValue())
            execFileSync('chown', [
              '-R',
              owner(chown.getValue()!),
              destination,
            ]);
          // What the image received (after .dockerignore), not the context.
          digestPath(history, destination);
        }
        step(`copied ${sources.join(', ')}`);
        break;
      }
      case 'RUN': {
        const flags = (instruction as JSONInstruction)
          .getFlags()
          .map(f => `--${f.getName()}`);
        const outcomes: string[] = [];
        for (const command of commandsOf(instruction)) {
          const skip = options.skip?.find(s => s.pattern.test(command));
          if (skip) {
            outcomes.push(`${command}: skipped: ${skip.why}`);
            continue;
          }
          const cached = options.layerCache?.runs.test(command)
            ? path.join(
                options.layerCache.dir,
                history.copy().update(command).digest('hex').slice(0, 24),
              )
            : undefined;
          if (cached && fs.existsSync(cached)) {
            execFileSync('cp', [
              '-al',
              '--remove-destination',
              `${cached}/.`,
              root,
            ]);
            outcomes.push(`${command}: layer cache ${path.basename(cached)}`);
            continue;
          }
          // RUN executes on this machine, not in a container: a command
          // naming an absolute path would act on this machine's files.
          if (/(^|[\s"'=])\/[\w.]/.test(command))
            throw new Error(
              `${text}: "${command}" names an absolute path; run it in a container or skip it with a reason`,
            );
          const started = Date.now();
          execFileSync('sh', ['-c', command], {
            cwd: path.join(root, config.workdir),
            env: { ...hostEnv(), ...options.runEnv, ...config.env },
            stdio: ['ignore', 'pipe', 'pipe'],
            maxBuffer: 256 * 1024 * 1024,
          });
          if (cached) {
            // Hard links: the cache costs no copy, and extracting over a
            // file later replaces it (tar unlinks first) instead of
            // writing through to the cached one.
            const partial = `${cached}.partial-${process.pid}`;
            fs.rmSync(partial, { recursive: true, force: true });
            fs.mkdirSync(partial, { recursive: true });
            execFileSync('cp', ['-al', `${root}/.`, partial]);
            try {
              fs.renameSync(partial, cached);
            } catch {
              // Another run cached the same layer first.
              fs.rmSync(partial, { recursive: true, force: true });
            }
            pruneLayers(options.layerCache!.dir, 3);
          }
          outcomes.push(
            `${command}: ran in ${Math.round((Date.now() - started) / 1000)} s`,
          );
        }
        // RUN runs as USER: what it wrote in WORKDIR belongs to that user
        // (here it ran as root, with this machine's yarn cache).
        if (
          config.user &&
          commandsOf(instruction).some(
            c => !options.skip?.some(k => k.pattern.test(c)),
          )
        )
          execFileSync('chown', [
            '-R',
            owner(config.user),
            path.join(root, config.workdir),
          ]);
        if (flags.length) outcomes.push(`flags ${flags.join(' ')}: ignored`);
        step(outcomes.join('; '));
        break;
      }
      default:
        step('ignored');
    }
  }
  return { root, config, steps };
}

function digestPath(history: crypto.Hash, file: string) {
  if (fs.statSync(file).isDirectory()) digestTree(file, history);
  else history.update(fs.readFileSync(file));
}

/** Keeps the `keep` most recently built layers (each is a whole node_modules). */
function pruneLayers(dir: string, keep: number) {
  const layers = fs
    .readdirSync(dir)
    .filter(name => !name.includes('.partial-'))
    .map(name => ({ name, at: fs.statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of layers.slice(keep))
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
}

/**
 * This process's environment without what a surrounding `yarn` run sets
 * (its project folder, settings, lifecycle variables): a RUN starts from
 * the image's environment, not from the test's project.
 */
function hostEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !/^(npm_|YARN_|BERRY_)/i.test(key) &&
        !['PROJECT_CWD', 'INIT_CWD'].includes(key),
    ),
  );
}
