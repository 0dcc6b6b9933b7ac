// File-system errors made the way fs reports them: a message and a code.

/** An error with a code, the way fs reports them. */
export function fsError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}
