import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { AccountState } from '../account-state';
import { AwsError, validationError } from '../aws-error';
import { queryList, queryString, requiredQueryString } from '../query-protocol';
import { deploy, resourceChanges } from './deployment';
import type { ChangeSet, Stack, StackParameter, Template } from './stack';
import { deleteStack } from './stack-deletion';
import { setStackStatus } from './stack-events';
import { resolveParameters, type SuppliedParameter } from './stack-parameters';
import { checkCapabilities, parseTemplate } from './template';
import { readTemplateSource } from './template-source';

/** The stack-changing actions: CreateStack, UpdateStack, DeleteStack and the change set actions. */

type Params = Record<string, unknown>;

const UPDATABLE = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_COMPLETE',
]);

export function findStack(state: AccountState, nameOrId: string): Stack {
  const stack = nameOrId.startsWith('arn:') ? state.stacksById.get(nameOrId) : state.stacks.get(nameOrId);
  if (!stack) throw validationError(`Stack with id ${nameOrId} does not exist`);
  return stack;
}

interface Submission {
  template: Template;
  templateBody: string;
  parameters: StackParameter[];
  capabilities: string[];
}

/** The template and parameters of a request, checked as CloudFormation checks them before any change. */
function readSubmission(state: AccountState, params: Params, action: string, existing?: Stack): Submission {
  const source = readTemplateSource(state, params);
  const usePrevious = queryString(params, 'UsePreviousTemplate') === 'true';
  if (!source && !(usePrevious && existing))
    throw validationError('Either Template URL or Template Body must be specified.');
  const templateBody = source?.body ?? existing?.templateBody ?? '';
  const template = parseTemplate(templateBody);
  const capabilities = queryList<string>(params, 'Capabilities');
  checkCapabilities(template, capabilities);
  const parameters = resolveParameters(
    template,
    queryList<SuppliedParameter>(params, 'Parameters'),
    existing?.parameters ?? [],
  );
  state.journal.recordTemplate({
    action,
    stackName: String(params.StackName),
    changeSetName: queryString(params, 'ChangeSetName'),
    source: source?.source ?? 'UsePreviousTemplate',
    templateBody,
    parameters: queryList(params, 'Parameters'),
  });
  return { template, templateBody, parameters, capabilities };
}

function newStack(state: AccountState, name: string, region: string, params: Params, submission: Submission): Stack {
  const stack: Stack = {
    stackId: `arn:aws:cloudformation:${region}:${state.accountId}:stack/${name}/${randomUUID()}`,
    stackName: name,
    region,
    status: 'CREATE_IN_PROGRESS',
    template: { Resources: {} },
    templateBody: '',
    parameters: submission.parameters,
    capabilities: submission.capabilities,
    tags: queryList(params, 'Tags'),
    resources: new Map(),
    outputs: [],
    events: [],
    changeSets: new Map(),
    created: new Date(),
    terminationProtection: queryString(params, 'EnableTerminationProtection') === 'true',
  };
  state.stacks.set(name, stack);
  state.stacksById.set(stack.stackId, stack);
  return stack;
}

export function createStack(state: AccountState, region: string, params: Params) {
  const name = requiredQueryString(params, 'StackName');
  if (state.stacks.has(name)) throw new AwsError('AlreadyExistsException', `Stack [${name}] already exists`);
  const submission = readSubmission(state, params, 'CreateStack');
  const stack = newStack(state, name, region, params, submission);
  deploy(state, stack, { kind: 'CREATE', ...submission });
  return { StackId: stack.stackId };
}

function assertUpdatable(stack: Stack): void {
  if (!UPDATABLE.has(stack.status)) {
    throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
  }
}

const unchanged = (stack: Stack, submission: Submission) =>
  isDeepStrictEqual(stack.template, submission.template) && isDeepStrictEqual(stack.parameters, submission.parameters);

export function updateStack(state: AccountState, params: Params) {
  const stack = findStack(state, requiredQueryString(params, 'StackName'));
  assertUpdatable(stack);
  const submission = readSubmission(state, params, 'UpdateStack', stack);
  if (unchanged(stack, submission)) throw validationError('No updates are to be performed.');
  stack.capabilities = submission.capabilities;
  deploy(state, stack, { kind: 'UPDATE', ...submission });
  return { StackId: stack.stackId };
}

export function deleteStackAction(state: AccountState, params: Params) {
  const nameOrId = requiredQueryString(params, 'StackName');
  const stack = nameOrId.startsWith('arn:') ? state.stacksById.get(nameOrId) : state.stacks.get(nameOrId);
  // Deleting a stack that does not exist (or is gone) succeeds, as in CloudFormation.
  if (!stack || stack.deleted) return {};
  if (stack.terminationProtection) {
    throw validationError(`Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`);
  }
  deleteStack(state, stack);
  return {};
}

function changeSetStack(
  state: AccountState,
  params: Params,
  type: 'CREATE' | 'UPDATE',
  name: string,
): Stack | undefined {
  const stackName = requiredQueryString(params, 'StackName');
  const existing = state.stacks.get(stackName);
  if (type === 'UPDATE') {
    if (!existing) throw validationError(`Stack [${stackName}] does not exist`);
    if (existing.status === 'REVIEW_IN_PROGRESS') {
      throw validationError(`Stack [${stackName}] is in REVIEW_IN_PROGRESS state and can not be updated.`);
    }
    assertUpdatable(existing);
    return existing;
  }
  if (existing && existing.status !== 'REVIEW_IN_PROGRESS') {
    throw validationError(
      `Stack [${stackName}] already exists and cannot be created again with the changeSet [${name}].`,
    );
  }
  return existing;
}

export function createChangeSet(state: AccountState, region: string, params: Params) {
  const name = requiredQueryString(params, 'ChangeSetName');
  const type = queryString(params, 'ChangeSetType') === 'CREATE' ? 'CREATE' : 'UPDATE';
  const existing = changeSetStack(state, params, type, name);
  if (existing?.changeSets.has(name))
    throw new AwsError('AlreadyExistsException', `ChangeSet [${name}] already exists`);
  const submission = readSubmission(state, params, 'CreateChangeSet', type === 'UPDATE' ? existing : undefined);
  const stack = existing ?? newStack(state, requiredQueryString(params, 'StackName'), region, params, submission);
  if (!existing) setStackStatus(stack, 'REVIEW_IN_PROGRESS', 'User Initiated');
  const changes = resourceChanges(stack, submission.template);
  const empty = type === 'UPDATE' && unchanged(stack, submission);
  const changeSet: ChangeSet = {
    id: `arn:aws:cloudformation:${stack.region}:${state.accountId}:changeSet/${name}/${randomUUID()}`,
    name,
    type,
    ...submission,
    tags: queryList(params, 'Tags'),
    created: new Date(),
    status: empty ? 'FAILED' : 'CREATE_COMPLETE',
    statusReason: empty
      ? "The submitted information didn't contain changes. Submit different information to create a change set."
      : undefined,
    executionStatus: empty ? 'UNAVAILABLE' : 'AVAILABLE',
    changes: changes.map((change) => ({
      Type: 'Resource',
      ResourceChange: {
        Action: change.action,
        LogicalResourceId: change.logicalId,
        PhysicalResourceId: change.physicalId,
        ResourceType: change.type,
        Replacement: change.action === 'Modify' ? 'False' : undefined,
        Scope: change.action === 'Modify' ? ['Properties'] : [],
      },
    })),
  };
  stack.changeSets.set(name, changeSet);
  return { Id: changeSet.id, StackId: stack.stackId };
}

export function findChangeSet(state: AccountState, params: Params): { stack: Stack; changeSet: ChangeSet } {
  const nameOrArn = requiredQueryString(params, 'ChangeSetName');
  const notFound = () => new AwsError('ChangeSetNotFound', `ChangeSet [${nameOrArn}] does not exist`, 404);
  if (nameOrArn.startsWith('arn:')) {
    for (const stack of state.stacksById.values()) {
      const changeSet = [...stack.changeSets.values()].find((candidate) => candidate.id === nameOrArn);
      if (changeSet) return { stack, changeSet };
    }
    throw notFound();
  }
  const stackName = queryString(params, 'StackName');
  const stack = stackName
    ? stackName.startsWith('arn:')
      ? state.stacksById.get(stackName)
      : state.stacks.get(stackName)
    : undefined;
  const changeSet = stack?.changeSets.get(nameOrArn);
  if (!stack || !changeSet) throw notFound();
  return { stack, changeSet };
}

export function executeChangeSet(state: AccountState, params: Params) {
  const { stack, changeSet } = findChangeSet(state, params);
  if (changeSet.executionStatus !== 'AVAILABLE') {
    throw new AwsError(
      'InvalidChangeSetStatus',
      `ChangeSet [${changeSet.id}] cannot be executed in its current execution status of [${changeSet.executionStatus}]`,
    );
  }
  stack.capabilities = changeSet.capabilities;
  stack.tags = changeSet.tags;
  // Executing a change set removes the stack's other change sets, as CloudFormation does.
  stack.changeSets.clear();
  deploy(state, stack, {
    kind: changeSet.type,
    template: changeSet.template,
    templateBody: changeSet.templateBody,
    parameters: changeSet.parameters,
  });
  return {};
}

export function deleteChangeSet(state: AccountState, params: Params) {
  try {
    const { stack, changeSet } = findChangeSet(state, params);
    stack.changeSets.delete(changeSet.name);
  } catch (error) {
    // Deleting a change set that is not there succeeds (the framework deletes its change set before every update).
    if (!(error instanceof AwsError && error.code === 'ChangeSetNotFound')) throw error;
  }
  return {};
}
