import { spawn } from 'node:child_process';
import { upstreamBinary } from '@internal/eks-platform-sandbox';

export interface KafkaBroker {
  /** host:port of each broker, for KAFKA_BROKERS. */
  brokers: string[];
  stop(): Promise<void>;
}

/**
 * A Kafka cluster on 127.0.0.1: franz-go's kfake (the Kafka wire protocol in
 * memory), built by the upstream bootstrap from its pinned Go module. The
 * generated service's kafkajs client talks to it as to any broker.
 */
export async function startKafkaBroker(topics: string[]): Promise<KafkaBroker> {
  const args = topics.length ? ['-topics', topics.join(',')] : [];
  const child = spawn(upstreamBinary('kfake').path, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  let output = '';
  const brokers = await new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`kfake did not start in 10 s: ${output}`)),
      10_000,
    );
    child.stdout.on('data', chunk => {
      output += chunk;
      const found = [...output.matchAll(/^listening (\S+)$/gm)].map(m => m[1]);
      if (found.length > 0) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.stderr.on('data', chunk => {
      output += chunk;
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`kfake exited with ${code}: ${output}`));
    });
  });
  return {
    brokers,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
