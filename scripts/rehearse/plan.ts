/**
 * The order a person runs the documented commands in, built from the marked blocks of the docs:
 * each stage's deploy access, its first deployment and its site, an update, every one-service redeploy on a machine
 * that has not deployed, and each stage's removal (also from a machine that has not deployed); then
 * the last stage (prod) is deployed again from scratch and removed once more: what its removal
 * retained must not keep it from being deployed again.
 */
import type { MarkedBlock, Problem } from './doc-commands';

export type StepKind = 'deploy-access' | 'first-deploy' | 'site' | 'update' | 'one-service' | 'remove';
export const STEP_KINDS: StepKind[] = ['deploy-access', 'first-deploy', 'site', 'update', 'one-service', 'remove'];

export interface PlannedCommand {
  command: string;
  /** The service a `<service>` line was expanded for. */
  service?: string;
}

export interface Step {
  kind: StepKind;
  stage: string;
  /** Run on a machine without compose's local state. */
  freshMachine: boolean;
  /** Run after the stage was removed once: its retained resources are still in the account. */
  again?: boolean;
  commands: PlannedCommand[];
}

/**
 * A block's lines for one stage; consecutive lines naming `<service>` are run for each service in
 * turn (all of that service's lines, then the next service's).
 */
export function expandBlock(commands: string[], stage: string, services: string[]): PlannedCommand[] {
  const expanded: PlannedCommand[] = [];
  let group: string[] = [];
  const flush = () => {
    for (const service of services) {
      for (const line of group) expanded.push({ command: line.replaceAll('<service>', service), service });
    }
    group = [];
  };
  for (const line of commands.map((command) => command.replaceAll('<stage>', stage))) {
    if (line.includes('<service>')) {
      group.push(line);
      continue;
    }
    flush();
    expanded.push({ command: line });
  }
  flush();
  return expanded;
}

export function plan(
  blocks: MarkedBlock[],
  services: string[],
  stages = ['dev', 'prod'],
): { steps: Step[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const commandsOf = (kind: StepKind) => {
    const found = blocks.filter((block) => block.step === kind);
    if (found.length === 0)
      problems.push({
        where: 'docs',
        message: `no <!-- rehearse: ${kind} --> block: the docs print no ${kind} command`,
      });
    return found.flatMap((block) => block.commands);
  };
  for (const block of blocks) {
    if (!(STEP_KINDS as string[]).includes(block.step)) {
      problems.push({
        where: `${block.file}:${block.line}`,
        message: `unknown rehearsal step "${block.step}" (${STEP_KINDS.join(', ')})`,
      });
    }
  }
  const step = (kind: StepKind, stage: string, freshMachine = false, again = false): Step => ({
    kind,
    stage,
    freshMachine,
    ...(again ? { again } : {}),
    commands: expandBlock(commandsOf(kind), stage, services),
  });
  const last = stages[stages.length - 1] ?? 'prod';
  const steps = [
    ...stages.flatMap((stage) => [step('deploy-access', stage), step('first-deploy', stage), step('site', stage)]),
    step('update', last),
    step('one-service', last, true),
    ...stages.map((stage) => step('remove', stage, true)),
    step('deploy-access', last, true, true),
    step('first-deploy', last, false, true),
    step('remove', last, true, true),
  ];
  const unique = [...new Map(problems.map((problem) => [problem.message, problem])).values()];
  return { steps, problems: unique };
}
