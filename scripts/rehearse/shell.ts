/**
 * Runs one documented command line as a person would in a terminal: in bash, in the folder the
 * previous line left (a `cd` carries over to the next line), with its output kept in a log.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LineRun {
  command: string;
  exitCode: number;
  milliseconds: number;
  /** The folder the line left the shell in. */
  cwd: string;
  /** The end of its output (the whole is in the log). */
  tail: string;
}

const cwdFiles = mkdtempSync(join(tmpdir(), 'runway-rehearsal-cwd-'));
let runs = 0;

export function runLine(command: string, cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<LineRun> {
  const cwdFile = join(cwdFiles, `${++runs}`);
  const script = `${command}\n__status=$?\npwd > '${cwdFile}'\nexit $__status\n`;
  const started = Date.now();
  appendFileSync(logFile, `\n$ ${command}    # in ${cwd}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      appendFileSync(logFile, chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      let left = cwd;
      try {
        left = readFileSync(cwdFile, 'utf8').trim() || cwd;
      } catch {
        // The shell died before it could say where it was: it stays where it started.
      }
      resolve({ command, exitCode: code ?? 1, milliseconds: Date.now() - started, cwd: left, tail });
    });
  });
}
