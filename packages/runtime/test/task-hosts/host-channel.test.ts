import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { HostChannel, HostUnavailableError, RemoteOperationError, type IpcEnd } from '../../src/task-hosts/host-channel.js';

/** Two ends of an in-memory channel; messages are structured-cloned as the IPC channel does. */
function pair(): [IpcEnd & { paused: boolean }, IpcEnd & { paused: boolean }] {
  const make = () => Object.assign(new EventEmitter(), { paused: false, peer: null as EventEmitter | null });
  const a = make();
  const b = make();
  const end = (self: ReturnType<typeof make>, peer: ReturnType<typeof make>) =>
    Object.assign(self, {
      send(message: unknown, callback?: (error: Error | null) => void): boolean {
        if (!self.paused) setImmediate(() => peer.emit('message', structuredClone(message)));
        callback?.(null);
        return true;
      },
    });
  return [end(a, b), end(b, a)];
}

const trace = (error: unknown) => `trace: ${(error as Error).message}`;

test('a request gets the value the other side answers, Buffers and Maps included', async () => {
  const [worker, host] = pair();
  new HostChannel(host, trace).handle('offsets', async (keys: Uint8Array[]) => new Map(keys.map((k) => [Buffer.from(k).toString(), k])));
  const channel = new HostChannel(worker, trace);
  const answer = await channel.request<Map<string, Uint8Array>>('offsets', [[Buffer.from('a'), Buffer.from('b')]]);
  assert.deepEqual([...answer.keys()], ['a', 'b']);
  assert.equal(Buffer.from(answer.get('b')!).toString(), 'b');
});

test('a handler that throws fails the request with its message and trace', async () => {
  const [worker, host] = pair();
  new HostChannel(host, trace).handle('start', () => {
    throw new Error('no such connector');
  });
  await assert.rejects(new HostChannel(worker, trace).request('start'), (e: unknown) =>
    e instanceof RemoteOperationError && e.message === 'no such connector' && e.remoteTrace === 'trace: no such connector');
});

test('an unknown operation fails the request', async () => {
  const [worker, host] = pair();
  new HostChannel(host, trace);
  await assert.rejects(new HostChannel(worker, trace).request('nope'), /Unknown task host operation nope/);
});

test('events reach their handler and need no answer', async () => {
  const [worker, host] = pair();
  const seen: unknown[] = [];
  new HostChannel(host, trace).handle('level', (ns: string, level: string) => seen.push([ns, level]));
  new HostChannel(worker, trace).emit('level', ['org.apache', 'DEBUG']);
  // Delivery takes a turn of the event loop (setImmediate); a timer could fire first on a loaded machine.
  for (let turn = 0; turn < 100 && seen.length === 0; turn++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen, [['org.apache', 'DEBUG']]);
});

test('no answer within the timeout fails with HostUnavailableError', async () => {
  const [worker, host] = pair();
  new HostChannel(host, trace).handle('stop', () => new Promise(() => {}));
  await assert.rejects(new HostChannel(worker, trace).request('stop', [], 20), (e: unknown) => e instanceof HostUnavailableError && /within 20 ms/.test((e as Error).message));
});

test('closing fails every waiting request with the reason, and later ones at once', async () => {
  const [worker, host] = pair();
  host.paused = true;
  new HostChannel(host, trace);
  worker.paused = true;
  const channel = new HostChannel(worker, trace);
  const waiting = channel.request('metrics');
  channel.close('Task host 1 (pid 7) was ended by signal SIGKILL');
  await assert.rejects(waiting, /SIGKILL/);
  await assert.rejects(channel.request('metrics'), /SIGKILL/);
});
