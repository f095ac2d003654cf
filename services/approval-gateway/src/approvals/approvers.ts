/** Deliberately simple: one @, no spaces or characters that could break out of a header or page. */
const EMAIL = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\]+$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

function cleanList(entries: readonly unknown[], where: string): string[] {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const address = typeof entry === 'string' ? entry.trim() : '';
    if (!isEmailAddress(address)) throw new Error(`${where}: "${String(entry)}" is not an email address`);
    if (!seen.has(address.toLowerCase())) seen.set(address.toLowerCase(), address);
  }
  return [...seen.values()];
}

/** Who approves which pipeline: a default list, and a list of its own for some pipelines. */
export interface ApproverDirectory {
  /** The approvers of `pipelineName`, no duplicates; empty when nobody is configured. */
  approversFor(pipelineName: string): string[];
}

/**
 * Builds the directory from the stage params: `approvers` is a comma-separated
 * list, `pipelineApprovers` a JSON object mapping a pipeline name to a list.
 * Throws on anything malformed, so a misconfigured function fails at start.
 */
export function parseApproverDirectory(approvers: string, pipelineApprovers: string): ApproverDirectory {
  const fallback = cleanList(
    approvers
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
    'APPROVERS',
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(pipelineApprovers.trim() === '' ? '{}' : pipelineApprovers);
  } catch {
    throw new Error('PIPELINE_APPROVERS is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('PIPELINE_APPROVERS must be a JSON object: pipeline name -> list of email addresses');
  }
  const perPipeline = new Map<string, string[]>();
  for (const [pipeline, list] of Object.entries(parsed)) {
    if (!Array.isArray(list)) throw new Error(`PIPELINE_APPROVERS.${pipeline} must be a list of email addresses`);
    perPipeline.set(pipeline, cleanList(list, `PIPELINE_APPROVERS.${pipeline}`));
  }
  return { approversFor: (pipelineName) => [...(perPipeline.get(pipelineName) ?? fallback)] };
}
