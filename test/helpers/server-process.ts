import { spawn, type ChildProcess } from 'node:child_process';

/** The portal's own `server.ts` running in a child process, as `npm start` runs it. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `server.ts` with only PATH and `env`, on a free port; resolves once it listens. */
export function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      // Without the slash it ends with, so that `url + path` is the path.
      if (match?.[1]) resolve({ child, url: match[1].replace(/\/$/, ''), output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

/** The exit code the child ends with (null when a signal ended it). */
export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}
