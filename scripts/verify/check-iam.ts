/**
 * Fails on any policy statement (identity policies, managed policies, resource policies such
 * as bucket, topic and key policies) that allows every action (`*`), every action of a
 * service (`s3:*`), or everything but a list (`NotAction` with Allow).
 */
import { type Finding, isObject, type Json, type Template, walkJson } from './template';

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

export function checkIam(template: Template): Finding[] {
  const findings: Finding[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
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
