/**
 * The page's side of the backend worker: each command becomes a message with
 * a request id and a promise that the worker's answer to that id settles.
 */
import { ApiError, BackendUnavailable } from "../api";
import { INTERNAL, parseBackendError, type FromWorker, type ToWorker } from "./protocol";

/** What the client needs of a `Worker` (a fake one in tests). */
export interface WorkerPort {
  postMessage(message: ToWorker, transfer: Transferable[]): void;
  addEventListener(type: "message", listener: (event: { data: FromWorker }) => void): void;
  addEventListener(type: "error", listener: (event: { message?: string }) => void): void;
}

export interface WorkerClient {
  invoke(command: string, args?: Record<string, unknown>, bytes?: Uint8Array): Promise<unknown>;
  /** Tells the worker the device is back online (it syncs then). */
  online(): void;
}

interface Pending {
  command: string;
  resolve(value: unknown): void;
  reject(error: ApiError): void;
}

export function createWorkerClient(port: WorkerPort): WorkerClient {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  // Set once the worker itself failed (its script did not load): nothing can answer.
  let broken: string | null = null;

  port.addEventListener("message", ({ data }) => {
    const waiting = pending.get(data.id);
    if (!waiting) return;
    pending.delete(data.id);
    if (data.kind === "bytes") {
      waiting.resolve(data.bytes);
    } else if (data.kind === "result") {
      let value: unknown;
      try {
        value = JSON.parse(data.json);
      } catch {
        waiting.reject(
          new ApiError(
            `The backend's answer to ${waiting.command} was not JSON.`,
            waiting.command,
            INTERNAL,
          ),
        );
        return;
      }
      waiting.resolve(value);
    } else {
      const { code, message } = parseBackendError(data.error);
      waiting.reject(
        data.unavailable
          ? new BackendUnavailable(message, waiting.command, code)
          : new ApiError(message, waiting.command, code),
      );
    }
  });

  port.addEventListener("error", (event) => {
    broken = event.message || "The app's storage worker did not start.";
    for (const [id, waiting] of pending) {
      pending.delete(id);
      waiting.reject(new BackendUnavailable(broken, waiting.command, INTERNAL));
    }
  });

  return {
    invoke(command, args, bytes) {
      if (broken !== null) return Promise.reject(new BackendUnavailable(broken, command, INTERNAL));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { command, resolve, reject });
        const message: ToWorker = {
          kind: "call",
          id,
          command,
          argsJson: JSON.stringify(args ?? {}),
          bytes: bytes ?? null,
        };
        port.postMessage(message, bytes ? [bytes.buffer as ArrayBuffer] : []);
      });
    },
    online() {
      port.postMessage({ kind: "online" }, []);
    },
  };
}
