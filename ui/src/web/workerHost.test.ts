import { describe, expect, it } from "vitest";
import type { FromWorker, ToWorker } from "./protocol";
import {
  boundedDelay,
  createWorkerHost,
  MAX_SYNC_DELAY_MS,
  MIN_SYNC_DELAY_MS,
  type Backend,
} from "./workerHost";

/** Core as a fake: answers from a table, records every call. */
function fakeBackend(joined: boolean, delayMs = 30_000) {
  const calls: string[] = [];
  let session = joined;
  const backend: Backend & { calls: string[] } = {
    calls,
    call(command, argsJson) {
      calls.push(command);
      if (command === "session") return session ? '{"auditId":"a1"}' : "null";
      if (command === "join") {
        session = true;
        return '{"auditId":"a1"}';
      }
      if (command === "sync_now") return '{"state":"upToDate"}';
      if (command === "fail") throw JSON.stringify({ code: "bad", message: "No.", details: null });
      if (command === "panic") throw new Error("unreachable");
      return argsJson;
    },
    callBytes: (command: string) => {
      calls.push(command);
      return new Uint8Array([1, 2, 3]);
    },
    nextSyncDelayMs: () => delayMs,
  };
  return backend;
}

/** Timers run by hand: `due()` says what would run next and after how long. */
function fakeTimers() {
  let next = 1;
  const pending = new Map<number, { run: () => void; ms: number }>();
  return {
    setTimeout(run: () => void, ms: number) {
      pending.set(next, { run, ms });
      return next++;
    },
    clearTimeout(handle: unknown) {
      pending.delete(handle as number);
    },
    due: () => [...pending.values()].map((timer) => timer.ms),
    runAll() {
      const timers = [...pending.entries()];
      pending.clear();
      for (const [, timer] of timers) timer.run();
    },
  };
}

const call = (id: number, command: string, argsJson = "{}"): ToWorker => ({
  kind: "call",
  id,
  command,
  argsJson,
  bytes: null,
});

async function started(backend: Backend | Error) {
  const replies: FromWorker[] = [];
  const timers = fakeTimers();
  let opened = 0;
  const host = createWorkerHost(
    () => {
      opened += 1;
      return backend instanceof Error ? Promise.reject(backend) : Promise.resolve(backend);
    },
    (message) => replies.push(message),
    timers,
  );
  host.open();
  await Promise.resolve();
  return { host, replies, timers, opened: () => opened };
}

describe("the backend worker", () => {
  it("answers the calls that came while it opened, in their order", async () => {
    const backend = fakeBackend(false);
    const replies: FromWorker[] = [];
    let resolve!: (b: Backend) => void;
    const host = createWorkerHost(
      () => new Promise<Backend>((r) => (resolve = r)),
      (m) => replies.push(m),
      fakeTimers(),
    );
    host.open();
    host.receive(call(1, "audit", '{"a":1}'));
    host.receive(call(2, "response", '{"b":2}'));
    expect(replies).toEqual([]);
    resolve(backend);
    await Promise.resolve();
    expect(replies).toEqual([
      { kind: "result", id: 1, json: '{"a":1}' },
      { kind: "result", id: 2, json: '{"b":2}' },
    ]);
  });

  it("answers a base map range with core's raw bytes, not JSON", async () => {
    const { host, replies } = await started(fakeBackend(false));
    host.receive(call(1, "base_map_range", '{"offset":0,"length":3}'));
    expect(replies).toEqual([{ kind: "bytes", id: 1, bytes: new Uint8Array([1, 2, 3]) }]);
  });

  it("passes core's error text on, and makes a crash read like one", async () => {
    const { host, replies } = await started(fakeBackend(false));
    host.receive(call(1, "fail"));
    host.receive(call(2, "panic"));
    expect(replies).toEqual([
      {
        kind: "error",
        id: 1,
        error: '{"code":"bad","message":"No.","details":null}',
        unavailable: false,
      },
      {
        kind: "error",
        id: 2,
        error: '{"code":"internal","message":"unreachable","details":null}',
        unavailable: false,
      },
    ]);
  });

  it("answers every call with the opening error when storage cannot open, and tries again on the next", async () => {
    const refusal = JSON.stringify({
      code: "storageUnavailable",
      message: "No OPFS.",
      details: null,
    });
    const replies: FromWorker[] = [];
    let attempts = 0;
    const host = createWorkerHost(
      () => {
        attempts += 1;
        return attempts === 1 ? Promise.reject(refusal) : Promise.resolve(fakeBackend(false));
      },
      (m) => replies.push(m),
      fakeTimers(),
    );
    host.open();
    host.receive(call(1, "session"));
    await Promise.resolve();
    await Promise.resolve();
    expect(replies).toEqual([{ kind: "error", id: 1, error: refusal, unavailable: true }]);
    host.receive(call(2, "session"));
    await Promise.resolve();
    expect(attempts).toBe(2);
    expect(replies[1]).toEqual({ kind: "result", id: 2, json: "null" });
  });

  it("syncs at once after opening a joined device, then after core's delay", async () => {
    const backend = fakeBackend(true, 45_000);
    const { timers } = await started(backend);
    expect(timers.due()).toEqual([0]);
    timers.runAll();
    expect(backend.calls.filter((c) => c === "sync_now")).toHaveLength(1);
    expect(timers.due()).toEqual([45_000]);
    timers.runAll();
    expect(backend.calls.filter((c) => c === "sync_now")).toHaveLength(2);
    expect(timers.due()).toEqual([45_000]);
  });

  it("does not sync before joining, and syncs right after the join was answered", async () => {
    const backend = fakeBackend(false);
    const { host, replies, timers } = await started(backend);
    expect(timers.due()).toEqual([]);
    host.receive({ kind: "online" });
    expect(timers.due()).toEqual([]);
    host.receive(call(1, "join", '{"link":"https://a.org/app/join?code=K"}'));
    expect(replies).toHaveLength(1);
    expect(timers.due()).toEqual([0]);
    timers.runAll();
    expect(backend.calls.at(-1)).toBe("sync_now");
  });

  it("syncs at once when back online, never keeping two syncs scheduled", async () => {
    const { host, timers } = await started(fakeBackend(true));
    timers.runAll();
    expect(timers.due()).toEqual([30_000]);
    host.receive({ kind: "online" });
    host.receive({ kind: "online" });
    expect(timers.due()).toEqual([0]);
  });

  it("counts the next background sync from a sync the person asked for", async () => {
    const backend = fakeBackend(true, 20_000);
    const { host, replies, timers } = await started(backend);
    host.receive(call(1, "sync_now"));
    expect(replies).toEqual([{ kind: "result", id: 1, json: '{"state":"upToDate"}' }]);
    expect(timers.due()).toEqual([20_000]);
  });

  it("keeps core's delay within bounds", () => {
    expect(boundedDelay(0)).toBe(MIN_SYNC_DELAY_MS);
    expect(boundedDelay(-5)).toBe(MIN_SYNC_DELAY_MS);
    expect(boundedDelay(15_000)).toBe(15_000);
    expect(boundedDelay(1e12)).toBe(MAX_SYNC_DELAY_MS);
    expect(boundedDelay(Number.NaN)).toBe(60_000);
  });
});
