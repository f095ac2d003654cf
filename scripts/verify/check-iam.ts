/**
 * Fails on any policy statement (identity policies, managed policies, resource policies such
 * as bucket, topic and key policies) that allows every action (`*`), every action of a
 * service (`s3:*`), or everything but a list (`NotAction` with Allow). A managed policy that a
 * role of the template uses as its permissions boundary is left out: a boundary grants nothing,
 * it caps what the role's own policies grant (services/deploy-access/resources/boundary.yml).
 */
import { type Finding, isObject, type Json, type Template, walkJson } from '../../test-support/template';

const SERVICE_WIDE = /^[a-z0-9-]+:\*$/i;

function actionsOf(statement: Record<string, Json>): Json[] {
  const action = statement.Action;
  if (action === undefined) return [];
  return Array.isArray(action) ? action : [action];
}

/** True for `*` and `service:*`; `service:Get*` names a family of actions and is left to review and cdk-nag. */
export function isWildcardAction(action: Json): boolean {
  return typeof action === 'string' && (action.trim() === '*' || SERVICE_WIDE.test(action.trim()));
}

function statementFindings(statement: Json, where: string): Finding[] {
  if (!isObject(statement) || statement.Effect !== 'Allow') return [];
  const findings: Finding[] = [];
  if (statement.NotAction !== undefined) {
    findings.push({ check: 'iam', where, message: 'Allow with NotAction grants every other action' });
  }
  for (const action of actionsOf(statement)) {
    if (isWildcardAction(action))
      findings.push({ check: 'iam', where, message: `Allow of wildcard action "${String(action)}"` });
  }
  return findings;
}

/** Logical ids of the managed policies that a role of the template names as its PermissionsBoundary. */
function boundaryPolicies(template: Template): Set<string> {
  const boundaries = new Set<string>();
  for (const resource of Object.values(template.Resources)) {
    const boundary = resource.Type === 'AWS::IAM::Role' ? resource.Properties?.PermissionsBoundary : undefined;
    if (isObject(boundary) && typeof boundary.Ref === 'string') boundaries.add(boundary.Ref);
  }
  return boundaries;
}

export function checkIam(template: Template): Finding[] {
  const findings: Finding[] = [];
  const boundaries = boundaryPolicies(template);
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::IAM::ManagedPolicy' && boundaries.has(logicalId)) continue;
    walkJson(resource.Properties ?? {}, `Resources.${logicalId}.Properties`, (value, path) => {
      if (!isObject(value) || !Array.isArray(value.Statement)) return;
      value.Statement.forEach((statement, index) => {
        // A statement chosen by Fn::If: both branches are possible.
        const branches =
          isObject(statement) && Array.isArray(statement['Fn::If']) ? statement['Fn::If'].slice(1) : [statement];
        for (const branch of branches) findings.push(...statementFindings(branch, `${path}.Statement[${index}]`));
      });
    });
  }
  return findings;
}
