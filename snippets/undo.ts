// Take the last removal back (or one named by --list), byte-identical, never over anything there now.
import { opt, snippet } from '../lib/index.ts';

const { archive, flags, args, print } = await snippet(import.meta, {
  about: 'Restores the newest removal from the quarantine, or the one named; --list shows the removals and restores nothing.',
  args: ['removal?'],
  flags: { list: opt.flag('show the removals and restore nothing', false) },
});

if (flags.list) {
  const held = archive.trash();
  print(() => held.json(), () => String(held));
} else {
  const restore = await archive.undo(args.removal);
  print(() => restore.json(), () => String(restore));
  // An item that could not be put back (refused, failed, or a damaged journal line) is a failure.
  if (restore.incomplete) process.exitCode = 1;
}
