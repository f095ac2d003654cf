import type { AccountState } from './account-state';
import { UnknownOperationError, validationError } from './aws-error';
import {
  describeChangeSet,
  describeResource,
  describeStack,
  listExports,
  summarizeResource,
} from './cloudformation/describe';
import type { Stack } from './cloudformation/stack';
import {
  createChangeSet,
  createStack,
  deleteChangeSet,
  deleteStackAction,
  executeChangeSet,
  findChangeSet,
  findStack,
  updateStack,
} from './cloudformation/stack-actions';
import { parseTemplate, requiredCapability } from './cloudformation/template';
import { readTemplateSource } from './cloudformation/template-source';
import { parseQueryForm, queryError, queryResponse, requiredQueryString } from './query-protocol';
import type { ServiceModule } from './standin-request';

/** CloudFormation (awsQuery): stacks that complete at once, with events, outputs and change sets. */

const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

type Params = Record<string, unknown>;
type Action = (state: AccountState, params: Params, region: string) => Record<string, unknown>;

function stackResource(state: AccountState, params: Params) {
  const stack = findStack(state, requiredQueryString(params, 'StackName'));
  const logicalId = requiredQueryString(params, 'LogicalResourceId');
  const resource = stack.resources.get(logicalId);
  if (!resource) throw validationError(`Resource ${logicalId} does not exist for stack ${stack.stackName}`);
  return { StackResourceDetail: describeResource(stack, resource) };
}

function validateTemplate(state: AccountState, params: Params) {
  const source = readTemplateSource(state, params);
  if (!source) throw validationError('Either Template URL or Template Body must be specified.');
  const template = parseTemplate(source.body);
  state.journal.recordTemplate({
    action: 'ValidateTemplate',
    stackName: '',
    source: source.source,
    templateBody: source.body,
    parameters: [],
  });
  const { capability, types } = requiredCapability(template);
  return {
    Parameters: Object.entries(template.Parameters ?? {}).map(([key, definition]) => ({
      ParameterKey: key,
      DefaultValue: definition.Default === undefined ? undefined : String(definition.Default),
      NoEcho: String(definition.NoEcho) === 'true',
      Description: definition.Description,
    })),
    Description: template.Description,
    Capabilities: capability ? [capability] : [],
    CapabilitiesReason: capability
      ? `The following resource(s) require capabilities: [${types.join(', ')}]`
      : undefined,
  };
}

const liveResources = (stack: Stack) => [...stack.resources.values()];

const ACTIONS: Record<string, Action> = {
  CreateStack: (state, params, region) => createStack(state, region, params),
  UpdateStack: (state, params) => updateStack(state, params),
  DeleteStack: (state, params) => deleteStackAction(state, params),
  CreateChangeSet: (state, params, region) => createChangeSet(state, region, params),
  DescribeChangeSet: (state, params) => {
    const { stack, changeSet } = findChangeSet(state, params);
    return describeChangeSet(stack, changeSet);
  },
  ExecuteChangeSet: (state, params) => executeChangeSet(state, params),
  DeleteChangeSet: (state, params) => deleteChangeSet(state, params),
  DescribeStacks: (state, params) => {
    const name = params.StackName;
    const stacks = typeof name === 'string' ? [findStack(state, name)] : [...state.stacks.values()];
    return { Stacks: stacks.map(describeStack) };
  },
  DescribeStackEvents: (state, params) => ({
    StackEvents: [...findStack(state, requiredQueryString(params, 'StackName')).events].reverse(),
  }),
  DescribeStackResource: (state, params) => stackResource(state, params),
  DescribeStackResources: (state, params) => {
    const stack = findStack(state, requiredQueryString(params, 'StackName'));
    const logicalId = params.LogicalResourceId;
    const resources = liveResources(stack).filter(
      (resource) => logicalId === undefined || resource.logicalId === logicalId,
    );
    return { StackResources: resources.map((resource) => describeResource(stack, resource)) };
  },
  ListStackResources: (state, params) => ({
    StackResourceSummaries: liveResources(findStack(state, requiredQueryString(params, 'StackName'))).map(
      summarizeResource,
    ),
  }),
  GetTemplate: (state, params) => {
    const stack = findStack(state, requiredQueryString(params, 'StackName'));
    return { TemplateBody: stack.templateBody, StagesAvailable: ['Original', 'Processed'] };
  },
  ValidateTemplate: (state, params) => validateTemplate(state, params),
  ListExports: (state) => ({ Exports: listExports(state) }),
};

/** What the journal keeps of a CloudFormation request: everything but the template body. */
function journalParams(params: Params): Params {
  const { Action: _action, Version: _version, TemplateBody: body, ...rest } = params;
  return body === undefined ? rest : { ...rest, TemplateBody: `(${Buffer.byteLength(String(body))} bytes)` };
}

export function cloudFormationService(state: AccountState): ServiceModule {
  return {
    route(request) {
      const params = parseQueryForm(request.body.toString('utf8'));
      const action = String(params.Action);
      const handler = ACTIONS[action];
      if (!handler) throw new UnknownOperationError(action, 'InvalidAction', 400);
      return {
        action,
        params: journalParams(params),
        run: () => queryResponse(action, handler(state, params, request.region), XMLNS),
      };
    },
    renderError: (error) => queryError(error, XMLNS),
  };
}
