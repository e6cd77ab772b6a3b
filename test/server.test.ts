import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { exitOf, startServer } from './helpers/server-process';

describe('server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-server-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('SEC-13 NODE_ENV=production without a session secret refuses to start and says why', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        BASE_URL: 'https://etjanst.exempelby.example',
        DATABASE_URL: `sqlite:${join(dir, 'never.sqlite')}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A server that starts anyway must fail this test, not hang it.
    const tooLate = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exitOf(child);
    clearTimeout(tooLate);
    assert.equal(code, 1, 'the server refused to start');
    assert.match(stderr, /The portal cannot start/);
    assert.match(stderr, /SESSION_SECRET: must be set/);
    assert.equal(existsSync(join(dir, 'never.sqlite')), false);
  });

  it('creates its data folder, migrates, seeds once, serves the start page and stops cleanly', async () => {
    const database = join(dir, 'data', 'portal.sqlite');
    for (let run = 1; run <= 2; run++) {
      const server = await startServer({ DATABASE_URL: `sqlite:${database}` });
      const response = await fetch(server.url);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /Ansök om ekonomiskt bistånd/);
      const exited = exitOf(server.child);
      server.child.kill('SIGTERM');
      assert.equal(await exited, 0, server.output());
    }
    const sqlite = new SqliteDatabase(database, { readonly: true });
    const { count } = sqlite.prepare('select count(*) as count from municipality').get() as {
      count: number;
    };
    sqlite.close();
    assert.equal(count, 2);
  });

  it('a port already in use stops the start with a message that says so, never a portal that serves nothing', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          PORT: String(port),
          DATABASE_URL: `sqlite:${join(dir, 'taken.sqlite')}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const tooLate = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exitOf(child);
      clearTimeout(tooLate);
      assert.equal(code, 1, output);
      assert.match(output, new RegExp(`port ${String(port)} is already in use`));
      assert.doesNotMatch(output, /The portal is running/);
    } finally {
      taken.close();
    }
  });

  it('on SIGTERM finishes a request already under way before it exits', async () => {
    const server = await startServer({ DATABASE_URL: `sqlite:${join(dir, 'inflight.sqlite')}` });
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    const body = 'kommun=9901';
    socket.write(
      `POST /kommun HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 4)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = exitOf(server.child);
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(server.child.exitCode, null, 'the server waits for the request under way');
    socket.end(body.slice(4));
    assert.equal(await exited, 0, server.output());
    // The request got its full answer (here 403: it carried no CSRF token).
    assert.match(reply, /^HTTP\/1\.1 403/);
  });
});
