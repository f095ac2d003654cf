/**
 * What the stand-in journal (scripts/aws-standin) holds, as the rehearsal and
 * `npm run verify -- --from-journal` read it: every request, and every template a stack operation
 * received with its parameters.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Template } from '../../test-support/template';

export interface JournalRequest {
  at: string;
  service: string;
  action: string;
  status: number;
  error?: string;
  message?: string;
}

export interface ReceivedTemplate {
  /** Position in the journal: later templates have higher numbers. */
  index: number;
  at: string;
  action: string;
  stackName: string;
  template: Template;
  parameters: { ParameterKey: string; ParameterValue?: string }[];
}

export interface Journal {
  requests: JournalRequest[];
  templates: ReceivedTemplate[];
}

interface JournalFile {
  entries?: JournalRequest[];
  templates?: {
    at: string;
    action: string;
    stackName: string;
    templateBody: string;
    parameters?: ReceivedTemplate['parameters'];
  }[];
}

/** The journal so far (empty before the stand-in's first request). */
export function readJournal(file: string): Journal {
  if (!existsSync(file)) return { requests: [], templates: [] };
  const data = JSON.parse(readFileSync(file, 'utf8')) as JournalFile;
  return {
    requests: data.entries ?? [],
    // Templates sent to a stack (CreateStack, UpdateStack, CreateChangeSet), not ValidateTemplate's.
    templates: (data.templates ?? []).flatMap((entry, index) =>
      entry.stackName
        ? [
            {
              index,
              at: entry.at,
              action: entry.action,
              stackName: entry.stackName,
              template: JSON.parse(entry.templateBody) as Template,
              parameters: entry.parameters ?? [],
            },
          ]
        : [],
    ),
  };
}

/** The last template each stack received. */
export function latestTemplates(templates: ReceivedTemplate[]): Map<string, ReceivedTemplate> {
  const latest = new Map<string, ReceivedTemplate>();
  for (const entry of templates) latest.set(entry.stackName, entry);
  return latest;
}

/** `runway-pipeline-triggers-prod` → service `pipeline-triggers`, stage `prod` (Runway's stack names). */
export function serviceAndStage(stackName: string): { service: string; stage: string } {
  const match = /^runway-(.+)-([^-]+)$/.exec(stackName);
  return match ? { service: match[1] ?? stackName, stage: match[2] ?? '' } : { service: stackName, stage: '' };
}
