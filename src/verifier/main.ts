/**
 * The standalone verifier's entry point (`minhbach-verify`, built into one file by
 * verifier/build.ts): the same command as `minhbach verify`, for monitors who run nothing else of
 * minhbach's.
 */
import { verifyCommand } from '../cli/verify.command.ts';

process.exitCode = await verifyCommand(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  program: 'minhbach-verify',
});
