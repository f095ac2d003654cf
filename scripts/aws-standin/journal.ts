import { writeFileSync } from 'node:fs';

/** One request the stand-in answered (or refused). */
export interface JournalEntry {
  at: string;
  service: string;
  action: string;
  params: Record<string, unknown>;
  status: number;
  /** The AWS error code of a refusal, or `UnknownOperation` for a call the stand-in does not answer. */
  error?: string;
  message?: string;
}

/** A template a stack operation received, whole, with the parameters it came with. */
export interface JournalTemplate {
  at: string;
  action: string;
  stackName: string;
  changeSetName?: string;
  /** `TemplateBody`, or the TemplateURL the body was read from. */
  source: string;
  templateBody: string;
  parameters: { ParameterKey: string; ParameterValue?: string; UsePreviousValue?: string }[];
}

/**
 * What the rehearsal reads afterwards: every request, and every template with its parameters.
 * With a file, the file is rewritten after each request, so a killed stand-in leaves it complete.
 */
export class Journal {
  readonly entries: JournalEntry[] = [];
  readonly templates: JournalTemplate[] = [];

  constructor(private readonly file?: string) {}

  record(entry: Omit<JournalEntry, 'at'>): void {
    this.entries.push({ at: new Date().toISOString(), ...entry });
    this.flush();
  }

  recordTemplate(template: Omit<JournalTemplate, 'at'>): void {
    this.templates.push({ at: new Date().toISOString(), ...template });
  }

  /** Requests the stand-in could not answer. */
  unknown(): JournalEntry[] {
    return this.entries.filter((entry) => entry.error === 'UnknownOperation');
  }

  toJSON() {
    return { entries: this.entries, templates: this.templates };
  }

  private flush(): void {
    if (this.file) writeFileSync(this.file, `${JSON.stringify(this, null, 2)}\n`);
  }
}
