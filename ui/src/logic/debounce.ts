/**
 * Saves a value after a pause in typing, or at once on flush (blur). Only
 * the latest value is saved, and a value equal to the last one saved is not
 * sent again.
 */
export interface Debouncer<T> {
  /** A new value; it is saved after `delayMs` without another one. */
  push(value: T): void;
  /** Saves the pending value now, if any. */
  flush(): void;
  /** Drops the pending value. */
  cancel(): void;
  /** Tells it which value is already saved (e.g. loaded from the backend). */
  markSaved(value: T): void;
  /** Forgets the saved value, so the next flush sends again (after a failed save). */
  forget(): void;
}

export function createDebouncer<T>(
  delayMs: number,
  save: (value: T) => void,
  initialSaved?: T,
): Debouncer<T> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: { value: T } | null = null;
  let saved: { value: T } | null = initialSaved === undefined ? null : { value: initialSaved };

  const clear = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const flush = () => {
    clear();
    if (!pending) return;
    const { value } = pending;
    pending = null;
    if (saved && Object.is(saved.value, value)) return;
    saved = { value };
    save(value);
  };

  return {
    push(value) {
      pending = { value };
      clear();
      timer = setTimeout(flush, delayMs);
    },
    flush,
    cancel() {
      clear();
      pending = null;
    },
    markSaved(value) {
      saved = { value };
    },
    forget() {
      saved = null;
    },
  };
}
