/**
 * Runs cdk-nag's AwsSolutions rules on a packaged template, offline: the template is
 * loaded into an aws-cdk-lib App with `CfnInclude` (no environment, so no lookups and no
 * credentials) and the rule pack walks the included resources.
 */
import { App, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type NagFinding, splitRuleName } from './acknowledgements';

export interface NagTarget {
  service: string;
  stage: string;
  templateFile: string;
}

export function runNag({ service, stage, templateFile }: NagTarget): NagFinding[] {
  const app = new App({ analyticsReporting: false, context: { 'aws:cdk:enable-path-metadata': false } });
  const stack = new Stack(app, 'Packaged');
  new CfnInclude(stack, 'Template', { templateFile, preserveLogicalIds: true });
  const report = new AwsSolutionsChecks(undefined, { verbose: false }).validateScope(app);
  return report.violations.flatMap((violation) => {
    const { rule, detail } = splitRuleName(violation.ruleName);
    return violation.violatingResources.map((resource) => ({
      service,
      stage,
      rule,
      detail,
      resource: resource.resourceLogicalId ?? resource.constructPath?.split('/').pop() ?? '(unknown)',
      description: violation.description,
    }));
  });
}
