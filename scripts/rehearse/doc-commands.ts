/**
 * The deploy commands the docs print. A block marked `<!-- rehearse: <step> -->` (the line before a
 * fenced code block) holds the commands of that step, which the rehearsal runs word for word; every
 * other deploy command in the docs' code (a fenced line or an inline code span that starts with
 * `npx serverless` or `npm run deploy:site`) must be one of them, with `<stage>` / `<service>`
 * standing for any stage or service, or the rehearsal fails: a documented command is rehearsed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The docs whose deploy commands are rehearsed: the README, DELIVERY.md and every page of docs/. */
export function deployDocs(root: string): string[] {
  const pages = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', 'services/pipeline-triggers/DELIVERY.md', ...pages];
}

export interface MarkedBlock {
  file: string;
  step: string;
  /** The line of the marker (1-based). */
  line: number;
  commands: string[];
}

export interface DocumentedCommand {
  file: string;
  line: number;
  command: string;
}

export interface Problem {
  where: string;
  message: string;
}

const MARKER = /^\s*<!--\s*rehearse:\s*([\w-]+)\s*-->\s*$/;
const FENCE = /^\s*(```|~~~)/;
const DEPLOY_COMMAND = /^\(?\s*(?:cd \S+ && )?(?:npx serverless\b|npm run deploy:site\b)/;

/** The commands of the fenced block that starts at or after `from`; undefined when none starts there. */
function fencedCommands(lines: string[], from: number): string[] | undefined {
  let at = from;
  while (at < lines.length && lines[at]?.trim() === '') at++;
  if (!FENCE.test(lines[at] ?? '')) return undefined;
  const commands: string[] = [];
  for (at++; at < lines.length && !FENCE.test(lines[at] ?? ''); at++) {
    const command = (lines[at] ?? '').replace(/\s+#.*$/, '').trim();
    if (command !== '' && !command.startsWith('#')) commands.push(command);
  }
  return commands;
}

/** Every marked block of one markdown file; a marker not followed by a fenced block is a problem. */
export function markedBlocks(file: string, markdown: string): { blocks: MarkedBlock[]; problems: Problem[] } {
  const lines = markdown.split('\n');
  const blocks: MarkedBlock[] = [];
  const problems: Problem[] = [];
  lines.forEach((text, index) => {
    const step = MARKER.exec(text)?.[1];
    if (!step) return;
    const commands = fencedCommands(lines, index + 1);
    if (commands) blocks.push({ file, step, line: index + 1, commands });
    else
      problems.push({
        where: `${file}:${index + 1}`,
        message: `marker "${step}" is not followed by a fenced code block`,
      });
  });
  return { blocks, problems };
}

/** Every deploy command in a markdown file's code: lines of fenced blocks and inline code spans. */
export function documentedCommands(file: string, markdown: string): DocumentedCommand[] {
  const found: DocumentedCommand[] = [];
  let fenced = false;
  markdown.split('\n').forEach((text, index) => {
    if (FENCE.test(text)) {
      fenced = !fenced;
      return;
    }
    const candidates = fenced
      ? [text.replace(/\s+#.*$/, '')]
      : [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
    for (const candidate of candidates) {
      const command = candidate.trim();
      if (DEPLOY_COMMAND.test(command)) found.push({ file, line: index + 1, command });
    }
  });
  return found;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A rehearsed command as a pattern: `<stage>` and `<service>` stand for any word. */
function commandPattern(command: string): RegExp {
  const parts = command.split(/(<stage>|<service>)/);
  return new RegExp(
    `^${parts.map((part) => (part.startsWith('<') ? '(?:[\\w-]+|<stage>|<service>)' : escapeRegExp(part))).join('')}$`,
  );
}

/** The documented deploy commands no marked block rehearses. */
export function unrehearsed(documented: DocumentedCommand[], blocks: MarkedBlock[]): Problem[] {
  const patterns = blocks.flatMap((block) => block.commands.map(commandPattern));
  return documented
    .filter((entry) => !patterns.some((pattern) => pattern.test(entry.command)))
    .map((entry) => ({
      where: `${entry.file}:${entry.line}`,
      message: `\`${entry.command}\` is a documented deploy command that no <!-- rehearse: … --> block runs`,
    }));
}

/**
 * osls compose (`npx serverless …` at the repository root) refuses `--param` ("not supported (yet)
 * in osls compose"); only a service's own deploy, in its folder, takes it.
 */
export function paramsGivenToCompose(blocks: MarkedBlock[]): Problem[] {
  return blocks.flatMap((block) =>
    block.commands
      .filter((command) => /\bnpx serverless\b/.test(command) && /--param\b/.test(command))
      .filter((command) => !/\bcd services\/[\w<>-]+ && npx serverless\b/.test(command))
      .map((command) => ({
        where: `${block.file}:${block.line}`,
        message: `\`${command}\` gives --param to osls compose, which refuses it; pass it to the service's own deploy (cd services/<service> && …)`,
      })),
  );
}

/** What DELIVERY.md says a stage's removal keeps, per service: logical ids. */
export interface RetainedRow {
  /** A stage, or `every`. */
  stage: string;
  service: string;
  logicalIds: string[];
}

const TABLE_MARKER = /^\s*<!--\s*rehearse-table:\s*retained\s*-->\s*$/;

const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');

/** One table row, or undefined for the header and the rule under it. */
function retainedRow(line: string): RetainedRow | undefined {
  const [stage = '', service = '', kept = ''] = line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
  if (/^-+$/.test(stage) || stage === 'stage') return undefined;
  return { stage, service: codes(service)[0] ?? '', logicalIds: codes(kept) };
}

/** The lines of the table after the line `marker` matches, or undefined when no line does. */
function markedTableLines(markdown: string, marker: RegExp): string[] | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => marker.test(line));
  if (start < 0) return undefined;
  let at = start + 1;
  while ((lines[at] ?? '').trim() === '' && at < lines.length) at++;
  const rows: string[] = [];
  for (; (lines[at] ?? '').trim().startsWith('|'); at++) rows.push((lines[at] ?? '').trim());
  return rows;
}

/** The rows of the table after `<!-- rehearse-table: retained -->` (stage | service | kept). */
export function retainedTable(markdown: string): RetainedRow[] | undefined {
  return markedTableLines(markdown, TABLE_MARKER)?.flatMap((line) => retainedRow(line) ?? []);
}

/** One value one stack gives another (serverless-compose.yml): producer's output → consumer's param. */
export interface FeedRow {
  producer: string;
  output: string;
  consumer: string;
  param: string;
}

const FEEDS_MARKER = /^\s*<!--\s*rehearse-table:\s*compose-feeds\s*-->\s*$/;

/**
 * The rows of the table after `<!-- rehearse-table: compose-feeds -->` (from | output | to | param),
 * where a `from` or `to` cell left empty repeats the row above.
 */
export function feedsTable(markdown: string): FeedRow[] | undefined {
  const rows: FeedRow[] = [];
  for (const line of markedTableLines(markdown, FEEDS_MARKER) ?? []) {
    const [producer = '', output = '', consumer = '', param = ''] = line
      .split('|')
      .slice(1, -1)
      .map((cell) => codes(cell)[0] ?? '');
    if (output === '' && param === '') continue; // the header and the rule under it
    const above = rows.at(-1);
    rows.push({
      producer: producer || (above?.producer ?? ''),
      output,
      consumer: consumer || (above?.consumer ?? ''),
      param,
    });
  }
  return markedTableLines(markdown, FEEDS_MARKER) && rows;
}

const feedKey = (feed: FeedRow) => `${feed.producer}.${feed.output} → ${feed.consumer}.${feed.param}`;

/** Where the documented feeds and compose's differ, each way. */
export function feedsDiffer(where: string, documented: FeedRow[], compose: FeedRow[]): Problem[] {
  const inDocs = new Set(documented.map(feedKey));
  const inCompose = new Set(compose.map(feedKey));
  return [
    ...[...inCompose]
      .filter((key) => !inDocs.has(key))
      .map((key) => ({ where, message: `compose passes ${key}, the compose-feeds table does not say so` })),
    ...[...inDocs]
      .filter((key) => !inCompose.has(key))
      .map((key) => ({
        where,
        message: `the compose-feeds table says ${key}, serverless-compose.yml does not pass it`,
      })),
  ];
}

/** The logical ids the table says `service` keeps in `stage`. */
export function retainedFor(rows: RetainedRow[], service: string, stage: string): string[] {
  return rows
    .filter((row) => row.service === service && (row.stage === 'every' || row.stage === stage))
    .flatMap((row) => row.logicalIds)
    .sort();
}
