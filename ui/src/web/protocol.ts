/**
 * The messages between the browser app's page and its backend worker
 * (`backend.worker.ts`). The page sends each command with a request id; the
 * worker answers every id exactly once, in the order received, with the
 * command's JSON text or its error text. JSON texts cross unparsed: the worker
 * stays a pipe and the page parses what it reads.
 *
 * Shared by the page and the worker, so it uses neither's globals.
 */

/** The page to the worker. */
export type ToWorker =
  | {
      kind: "call";
      id: number;
      /** A command of `api.ts` (`answer_item`, `sync_now`, …). */
      command: string;
      /** `JSON.stringify` of the command's arguments (`{}` when it has none). */
      argsJson: string;
      /** A photo's bytes for `add_photo`, transferred, not copied. */
      bytes: Uint8Array | null;
    }
  /** The device is back online: sync now rather than at the next scheduled time. */
  | { kind: "online" };

/** The worker to the page: the answer to one call. */
export type FromWorker =
  | { kind: "result"; id: number; json: string }
  /** The answer of a command answering with raw bytes (`base_map_range`). */
  | { kind: "bytes"; id: number; bytes: Uint8Array }
  | {
      kind: "error";
      id: number;
      /** Core's error, JSON text `{"code", "message", "details"}`. */
      error: string;
      /** The backend could not open this device's storage, so no command can run. */
      unavailable: boolean;
    };

/** Commands whose answer is raw bytes, not JSON. */
export const BYTE_COMMANDS: ReadonlySet<string> = new Set(["base_map_range"]);

/** Core's error, as its JSON text reads. */
export interface BackendError {
  code: string;
  message: string;
  details: unknown;
}

/** The code of a failure that is not core's own (a crash of the module, a broken answer). */
export const INTERNAL = "internal";

/** Reads core's error text; anything else thrown becomes an `internal` error with its text. */
export function parseBackendError(error: unknown): BackendError {
  if (typeof error === "string") {
    try {
      const parsed: unknown = JSON.parse(error);
      if (parsed && typeof parsed === "object" && "message" in parsed) {
        const { code, message, details } = parsed as Record<string, unknown>;
        return {
          code: typeof code === "string" ? code : INTERNAL,
          message: String(message),
          details: details ?? null,
        };
      }
    } catch {
      // Not JSON: the text itself is the message.
    }
    return { code: INTERNAL, message: error, details: null };
  }
  if (error instanceof Error) return { code: INTERNAL, message: error.message, details: null };
  return { code: INTERNAL, message: String(error), details: null };
}

/** Any error as core's JSON text, so the page reads every failure the same way. */
export function errorText(error: unknown): string {
  if (typeof error === "string") return error;
  return JSON.stringify(parseBackendError(error));
}
