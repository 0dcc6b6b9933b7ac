// A program in a real terminal: tmux runs it in a pseudo-terminal, the test
// types with send-keys and reads the screen with capture-pane. Each terminal
// gets its own tmux server, removed after the test file.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Pty {
  /** Types keys: text, or tmux key names such as 'Enter', 'Tab', 'C-c', 'Up'. */
  send(...keys: string[]): void;
  /** Types text literally, then Enter. */
  line(text: string): void;
  /** What the terminal shows now, history included; with `escapes`, its colour codes too. */
  screen(escapes?: boolean): string;
  /** Waits until the screen matches, or fails after `ms` with the screen in the message. */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  /** Resizes the terminal (the program gets SIGWINCH). */
  resize(cols: number, rows: number): void;
  /** True while the program runs. */
  alive(): boolean;
  /** Waits until the program has ended, or fails after `ms`. */
  waitForExit(ms?: number): Promise<void>;
  close(): void;
}

function tmux(socket: string, ...args: string[]): string {
  const r = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  if (r.error) throw new Error(`tmux is needed for the terminal tests (apt-get install tmux): ${r.error.message}`);
  return r.stdout;
}

/** Starts `command` (a shell command line) in a terminal of `cols` x `rows` (default 200x50) in `cwd` with `env` added. */
export function pty(command: string, options: { cwd: string; env?: Record<string, string>; cols?: number; rows?: number }): Pty {
  const socket = `rummage-test-${randomUUID().slice(0, 8)}`;
  const env = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
  // `exec` so the pane ends with the program; remain-on-exit keeps its last screen to read.
  tmux(socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'main', '-x', String(options.cols ?? 200), '-y', String(options.rows ?? 50), '-c', options.cwd, `exec env ${env} ${command}`, ';', 'set-option', '-g', 'remain-on-exit', 'on');
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    tmux(socket, 'kill-server');
  };
  after(close);
  const alive = (): boolean => tmux(socket, 'display-message', '-p', '-t', 'main', '#{pane_dead}').trim() === '0';
  const screen = (escapes = false): string => tmux(socket, 'capture-pane', '-p', '-J', ...(escapes ? ['-e'] : []), '-S', '-200', '-t', 'main');
  return {
    send: (...keys) => void tmux(socket, 'send-keys', '-t', 'main', ...keys),
    line(text) {
      tmux(socket, 'send-keys', '-t', 'main', '-l', text);
      tmux(socket, 'send-keys', '-t', 'main', 'Enter');
    },
    screen,
    resize(cols, rows) {
      tmux(socket, 'resize-window', '-t', 'main', '-x', String(cols), '-y', String(rows));
    },
    async waitFor(pattern, ms = 15_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const text = screen();
        if (pattern.test(text)) return text;
        if (Date.now() > deadline) throw new Error(`the terminal never showed ${pattern}; it shows:\n${text}`);
        await sleep(50);
      }
    },
    alive,
    async waitForExit(ms = 15_000) {
      const deadline = Date.now() + ms;
      while (alive()) {
        if (Date.now() > deadline) throw new Error(`the program did not end; the terminal shows:\n${screen()}`);
        await sleep(50);
      }
    },
    close,
  };
}
