// Piped input: Node's REPL would start every line at once, so lines are fed
// one at a time, each once the previous one has finished.
import type { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';

/** Hands piped lines to the REPL one at a time, each after the previous one finished. */
export async function feedLines(from: NodeJS.ReadableStream, to: PassThrough, nextPrompt: () => Promise<void>): Promise<void> {
  const lines = createInterface({ input: from, crlfDelay: Infinity });
  for await (const line of lines) {
    const done = nextPrompt();
    to.write(`${line}\n`);
    await done;
  }
  to.end();
}
