/**
 * How every command of the CLI ends: with its own exit code, 2 and the message alone for
 * bad input (an InputError names the flag or file), 1 and the stack for anything else.
 */
import { InputError } from '../engine/errors';

export function runCommand(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(e instanceof InputError ? `error: ${e.message}` : `error: ${e.stack ?? e.message}`);
      process.exit(e instanceof InputError ? 2 : 1);
    },
  );
}
