/**
 * Runs the IAM policy simulator (@cloud-copilot/iam-simulate) over the roles of a packaged
 * template: a role's identity policies (inline and managed) and its permissions boundary, with the
 * template's intrinsics resolved to one account and region.
 */
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { isObject, type Json, type JsonObject, type Template } from '../../../../test-support/template';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
const PSEUDO: Record<string, string> = {
  'AWS::AccountId': ACCOUNT,
  'AWS::Region': REGION,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** The ARN standing for a resource of the template that the simulation does not name. */
const stand = (logicalId: string) => `arn:aws:unresolved:${REGION}:${ACCOUNT}:${logicalId}`;

/** The template's value with pseudo parameters filled in and its own resources as stand-in ARNs. */
export function resolve(value: Json, names: Record<string, string> = {}): Json {
  if (Array.isArray(value)) return value.map((item) => resolve(item, names));
  if (!isObject(value)) return value;
  if (typeof value.Ref === 'string') return PSEUDO[value.Ref] ?? names[value.Ref] ?? stand(value.Ref);
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') {
    return sub.replace(/\$\{([^}!]+)\}/g, (_, name: string) => PSEUDO[name] ?? names[name] ?? stand(name));
  }
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return stand(String(getAtt[0]));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, names)]));
}

interface Policy {
  name: string;
  policy: JsonObject;
}

/** A role's identity policies (managed and inline), resolved. */
export function rolePolicies(template: Template, roleId: string, names: Record<string, string> = {}): Policy[] {
  const role = template.Resources[roleId]?.Properties;
  if (!role) throw new Error(`${roleId} is not in the template`);
  const managed = ((role.ManagedPolicyArns ?? []) as Json[]).map((arn) => {
    const id = isObject(arn) && typeof arn.Ref === 'string' ? arn.Ref : '';
    const document = template.Resources[id]?.Properties?.PolicyDocument;
    if (!document) throw new Error(`${roleId} attaches ${JSON.stringify(arn)}, which the template does not declare`);
    return { name: id, policy: resolve(document, names) as JsonObject };
  });
  const inline = ((role.Policies ?? []) as JsonObject[]).map((policy) => ({
    name: String(policy.PolicyName),
    policy: resolve(policy.PolicyDocument as Json, names) as JsonObject,
  }));
  return [...managed, ...inline];
}

/** A managed policy of the template as a permissions boundary, resolved. */
export function boundaryPolicy(template: Template, policyId: string, names: Record<string, string> = {}): Policy {
  const document = template.Resources[policyId]?.Properties?.PolicyDocument;
  if (!document) throw new Error(`${policyId} is not in the template`);
  return { name: policyId, policy: resolve(document, names) as JsonObject };
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface DecideOptions {
  /** The resource is a KMS key whose key policy lets the account's IAM policies decide (the root principal). */
  keyPolicy?: boolean;
  /** Skip the simulator's validation of the action and ARN (for resource types its data lacks). */
  unvalidated?: boolean;
}

const accountDecidesKeyPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

/** What IAM decides for `action` on `resource` by a principal with these policies. */
export async function decide(
  policies: { identity: Policy[]; boundary?: Policy },
  action: string,
  resource: string,
  context: Record<string, string> = {},
  options: DecideOptions = {},
): Promise<Decision> {
  const simulation: Simulation = {
    request: {
      principal: `arn:aws:iam::${ACCOUNT}:role/simulated`,
      action,
      resource: { resource, accountId: ACCOUNT },
      contextVariables: { 'aws:RequestedRegion': REGION, ...context },
    },
    identityPolicies: policies.identity,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(policies.boundary ? { permissionBoundaryPolicies: [policies.boundary] } : {}),
    ...(options.keyPolicy ? { resourcePolicy: accountDecidesKeyPolicy } : {}),
  };
  if (options.unvalidated) return runUnsafeSimulation(simulation, {}) as Decision;
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}
