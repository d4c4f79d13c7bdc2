/**
 * The embedded store's thread seen from the bench, through this thread's
 * inspector (`NodeWorker`), so that nothing in the product changes for it:
 * its CPU time (from /proc/thread-self, read inside the thread) and a CPU
 * profile of it. Call before any other worker starts: the first worker of
 * the process is taken to be the store's (the load generator's comes later).
 */
import { Session } from 'node:inspector';

export interface StoreThreadProbe {
  /** CPU time (user + system) of the store's thread so far, in ms (10 ms ticks). */
  cpuMs(): Promise<number>;
  /** Time the store thread's event loop has been busy so far, in ms (performance.eventLoopUtilization there: finer than cpuMs, but wall time, so it counts time the thread waited for a core too). */
  busyMs(): Promise<number>;
  startProfile(): Promise<void>;
  stopProfile(): Promise<unknown>;
  detach(): void;
}

export async function attachStoreThread(): Promise<StoreThreadProbe> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  const waiting = new Map<number, { resolve(r: any): void; reject(err: Error): void }>();
  let nextId = 1;
  const attached = new Promise<string>((resolve) => {
    session.on('NodeWorker.attachedToWorker', ({ params }: any) => resolve(params.sessionId));
  });
  session.on('NodeWorker.receivedMessageFromWorker', ({ params }: any) => {
    const message = JSON.parse(params.message);
    const w = message.id !== undefined ? waiting.get(message.id) : undefined;
    if (!w) return;
    waiting.delete(message.id);
    if (message.error) w.reject(new Error(JSON.stringify(message.error)));
    else w.resolve(message.result);
  });
  await post('NodeWorker.enable', { waitForDebuggerOnStart: false });
  const sessionId = await attached;
  const inWorker = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  return {
    cpuMs: async () => {
      const { result } = await inWorker('Runtime.evaluate', { expression: "process.getBuiltinModule('fs').readFileSync('/proc/thread-self/stat', 'utf8')", returnByValue: true });
      const stat = String(result.value);
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    },
    busyMs: async () => {
      const { result } = await inWorker('Runtime.evaluate', { expression: 'performance.eventLoopUtilization().active', returnByValue: true });
      return Number(result.value);
    },
    startProfile: async () => {
      await inWorker('Profiler.enable');
      await inWorker('Profiler.setSamplingInterval', { interval: 500 });
      await inWorker('Profiler.start');
    },
    stopProfile: async () => (await inWorker('Profiler.stop')).profile,
    detach: () => session.disconnect(),
  };
}

