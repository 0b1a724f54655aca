// Entry of the `trainbench` command: builds the program and turns any error into one clear
// line on stderr and a non-zero exit, never a stack trace for a user's mistake.
import { buildCliProgram } from './cli-program';

const program = buildCliProgram();
program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const err = error as Error & { code?: string; exitCode?: number };
  // Commander has already printed help, version or its own usage error.
  if (err.code?.startsWith('commander.')) process.exit(err.exitCode ?? 1);
  process.stderr.write(`trainbench: ${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}\n`);
  if (process.env.TRAINBENCH_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
  process.exit(1);
}
