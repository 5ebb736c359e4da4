import { afterEach, describe, expect, it } from "vitest";
import { ApiError, BackendUnavailable, call, installTransport } from "../api";
import type { FromWorker, ToWorker } from "./protocol";
import { createWorkerClient, type WorkerPort } from "./workerClient";

/** A stand-in for the worker: records what the page sent, and answers when told. */
function fakeWorker() {
  const sent: { message: ToWorker; transfer: Transferable[] }[] = [];
  const listeners: {
    message: ((event: { data: FromWorker }) => void)[];
    error: ((event: { message?: string }) => void)[];
  } = {
    message: [],
    error: [],
  };
  const port = {
    postMessage(message: ToWorker, transfer: Transferable[]) {
      sent.push({ message, transfer });
    },
    addEventListener(type: "message" | "error", listener: never) {
      listeners[type].push(listener);
    },
  } as WorkerPort;
  return {
    port,
    sent,
    answer: (data: FromWorker) => listeners.message.forEach((listener) => listener({ data })),
    crash: (message?: string) => listeners.error.forEach((listener) => listener({ message })),
    callAt(index: number) {
      const message = sent[index]?.message;
      if (message?.kind !== "call") throw new Error(`message ${index} is not a call`);
      return message;
    },
  };
}

const coreError = (code: string, message: string) =>
  JSON.stringify({ code, message, details: { field: "value" } });

afterEach(() => installTransport(null));

describe("the page's side of the backend worker", () => {
  it("sends each command with its own id and the arguments as JSON text", () => {
    const worker = fakeWorker();
    const client = createWorkerClient(worker.port);
    void client.invoke("session");
    void client.invoke("answer_item", { item: "vision.1", value: 3 });
    expect(worker.sent.map((s) => s.message)).toEqual([
      { kind: "call", id: 1, command: "session", argsJson: "{}", bytes: null },
      {
        kind: "call",
        id: 2,
        command: "answer_item",
        argsJson: '{"item":"vision.1","value":3}',
        bytes: null,
      },
    ]);
  });

  it("settles each promise with the answer carrying its id, whatever the order", async () => {
    const worker = fakeWorker();
    const client = createWorkerClient(worker.port);
    const first = client.invoke("audit");
    const second = client.invoke("sync_status");
    worker.answer({ kind: "result", id: worker.callAt(1).id, json: '{"state":"upToDate"}' });
    worker.answer({ kind: "result", id: worker.callAt(0).id, json: '{"id":"a1"}' });
    worker.answer({ kind: "result", id: 99, json: "{}" }); // nobody waits for it: ignored
    expect(await first).toEqual({ id: "a1" });
    expect(await second).toEqual({ state: "upToDate" });
  });

  it("settles a bytes answer with the bytes themselves", async () => {
    const worker = fakeWorker();
    const client = createWorkerClient(worker.port);
    const range = client.invoke("base_map_range", { offset: 0, length: 2 });
    worker.answer({ kind: "bytes", id: 1, bytes: new Uint8Array([7, 8]) });
    await expect(range).resolves.toEqual(new Uint8Array([7, 8]));
  });

  it("reads null, the answer of a command without a result", async () => {
    const worker = fakeWorker();
    const client = createWorkerClient(worker.port);
    const answer = client.invoke("set_language", { language: null });
    worker.answer({ kind: "result", id: 1, json: "null" });
    expect(await answer).toBeNull();
  });

  it("transfers a photo's bytes instead of copying them", () => {
    const worker = fakeWorker();
    const client = createWorkerClient(worker.port);
    const bytes = new Uint8Array([0xff, 0xd8, 0xff]);
    void client.invoke("add_photo", { fileName: "a.jpg", dataBase64: null }, bytes);
    expect(worker.sent[0]!.message).toMatchObject({ command: "add_photo", bytes });
    expect(worker.sent[0]!.transfer).toEqual([bytes.buffer]);
  });

  it("turns core's error text into an ApiError with its message and code", async () => {
    const worker = fakeWorker();
    const client = createWorkerClient(worker.port);
    const failing = client.invoke("join", { code: "K7QX" });
    worker.answer({
      kind: "error",
      id: 1,
      error: coreError("inviteExpired", "This invite has expired. Ask for a new one."),
      unavailable: false,
    });
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(BackendUnavailable);
    expect(error).toMatchObject({
      message: "This invite has expired. Ask for a new one.",
      code: "inviteExpired",
      command: "join",
    });
  });

  it("keeps a text that is not core's JSON as the message, with the code internal", async () => {
    const worker = fakeWorker();
    const client = createWorkerClient(worker.port);
    const failing = client.invoke("response");
    worker.answer({ kind: "error", id: 1, error: "RuntimeError: unreachable", unavailable: false });
    await expect(failing).rejects.toMatchObject({
      message: "RuntimeError: unreachable",
      code: "internal",
    });
    const broken = client.invoke("audit");
    worker.answer({ kind: "result", id: 2, json: "{not json" });
    await expect(broken).rejects.toMatchObject({ code: "internal", command: "audit" });
  });

  it("says when the backend cannot open this device's storage", async () => {
    const worker = fakeWorker();
    const client = createWorkerClient(worker.port);
    const failing = client.invoke("session");
    worker.answer({
      kind: "error",
      id: 1,
      error: coreError("storageUnavailable", "OPFS is not available."),
      unavailable: true,
    });
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailable);
    expect(error).toMatchObject({ message: "OPFS is not available.", code: "storageUnavailable" });
  });

  it("fails every waiting and later command when the worker itself fails to start", async () => {
    const worker = fakeWorker();
    const client = createWorkerClient(worker.port);
    const waiting = client.invoke("session");
    worker.crash("SyntaxError: import not supported");
    await expect(waiting).rejects.toBeInstanceOf(BackendUnavailable);
    await expect(client.invoke("audit")).rejects.toMatchObject({
      message: "SyntaxError: import not supported",
    });
    expect(worker.sent).toHaveLength(1);
  });

  it("tells the worker when the device is back online", () => {
    const worker = fakeWorker();
    createWorkerClient(worker.port).online();
    expect(worker.sent).toEqual([{ message: { kind: "online" }, transfer: [] }]);
  });

  it("serves api.ts once installed, its errors reaching the screens as ApiErrors with the code", async () => {
    const worker = fakeWorker();
    const client = createWorkerClient(worker.port);
    installTransport({ invoke: client.invoke, binaryPhotos: true });
    const failing = call("answer_item", { item: "x.1", value: 9 });
    worker.answer({
      kind: "error",
      id: 1,
      error: coreError("invalidScore", "A score is from 1 to 5."),
      unavailable: false,
    });
    await expect(failing).rejects.toMatchObject({
      name: "ApiError",
      message: "A score is from 1 to 5.",
      code: "invalidScore",
      command: "answer_item",
    });
  });
});
