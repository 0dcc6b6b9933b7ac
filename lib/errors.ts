// The one error type that is the user's to fix: shown as one line, exit code 2.

/** Bad input: a wrong root, flag, pattern or option. The message says what is wrong and how to fix it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Thrown by long helpers when Ctrl-C cancels them in the REPL. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('cancelled');
  }
}

/** Throws CancelledError once the signal has fired. */
export function checkCancel(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new CancelledError();
}
