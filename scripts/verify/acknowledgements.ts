/**
 * The one reviewed list of cdk-nag findings that verify lets pass
 * (scripts/verify/nag-acknowledgements.yml). Each entry names the rule, the resources
 * (logical IDs), optionally the services and stages, the exact findings for rules that
 * report one (IAM4/IAM5), and the reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

export const ACKNOWLEDGEMENTS_FILE = join(__dirname, 'nag-acknowledgements.yml');

export interface Acknowledgement {
  rule: string;
  resources: string[];
  services?: string[];
  stages?: string[];
  /** Exact finding details, `<stage>` standing for the stage (e.g. `Resource::arn:...:log-group:/aws/lambda/x-<stage>*:*`). */
  findings?: string[];
  /** A regular expression the finding detail must match, for families of findings. */
  findingPattern?: string;
  reason: string;
}

/** A cdk-nag finding: `AwsSolutions-IAM5[Resource::...]` split into rule and detail. */
export interface NagFinding {
  service: string;
  stage: string;
  rule: string;
  detail?: string;
  resource: string;
  description: string;
}

const MIN_REASON_LENGTH = 30;

function stringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0);
}

/** Why an entry is unusable, or undefined when it is fine. */
function entryProblem(entry: Partial<Acknowledgement>): string | undefined {
  if (typeof entry.rule !== 'string' || !/^AwsSolutions-[A-Z0-9]+$/.test(entry.rule)) {
    return '"rule" must be a rule id such as AwsSolutions-IAM5';
  }
  if (!stringList(entry.resources) || entry.resources.length === 0)
    return '"resources" must list the logical IDs it covers';
  if (typeof entry.reason !== 'string' || entry.reason.trim().length < MIN_REASON_LENGTH) {
    return `"reason" must explain why (at least ${MIN_REASON_LENGTH} characters)`;
  }
  const badList = (['services', 'stages', 'findings'] as const).find(
    (key) => entry[key] !== undefined && !stringList(entry[key]),
  );
  if (badList) return `"${badList}" must be a list of strings`;
  if (entry.findingPattern !== undefined) new RegExp(entry.findingPattern);
  return undefined;
}

/** Reads and validates the file; throws naming the entry at fault. */
export function parseAcknowledgements(text: string): Acknowledgement[] {
  const parsed = load(text) as { acknowledgements?: unknown } | undefined;
  const entries = parsed?.acknowledgements;
  if (!Array.isArray(entries)) throw new Error('acknowledgements: expected a list under "acknowledgements"');
  return entries.map((entry: Partial<Acknowledgement>, index) => {
    const problem = entryProblem(entry);
    if (problem) throw new Error(`acknowledgements[${index}] (${entry.rule ?? 'no rule'}): ${problem}`);
    return entry as Acknowledgement;
  });
}

export function loadAcknowledgements(file = ACKNOWLEDGEMENTS_FILE): Acknowledgement[] {
  return parseAcknowledgements(readFileSync(file, 'utf8'));
}

export function splitRuleName(ruleName: string): { rule: string; detail?: string } {
  const match = /^([^[]+)\[(.*)\]$/.exec(ruleName);
  return match ? { rule: match[1] ?? ruleName, detail: match[2] } : { rule: ruleName };
}

function detailMatches(entry: Acknowledgement, finding: NagFinding): boolean {
  if (entry.findings === undefined && entry.findingPattern === undefined) return finding.detail === undefined;
  if (finding.detail === undefined) return false;
  const detail = finding.detail;
  const exact = entry.findings?.some((expected) => expected.replaceAll('<stage>', finding.stage) === detail) ?? false;
  const pattern = entry.findingPattern !== undefined && new RegExp(entry.findingPattern).test(detail);
  return exact || pattern;
}

export function acknowledges(entry: Acknowledgement, finding: NagFinding): boolean {
  return (
    entry.rule === finding.rule &&
    entry.resources.includes(finding.resource) &&
    (entry.services?.includes(finding.service) ?? true) &&
    (entry.stages?.includes(finding.stage) ?? true) &&
    detailMatches(entry, finding)
  );
}
