import { ssmDirectorySource } from '@shared/approvals/directory-parameter';
import { sdkPipelineGateway } from './approvals/code-pipeline';
import { codePipelineClient } from './clients/codepipeline';
import { config } from './config';
import { store } from './store';

/** Storage, CodePipeline and the approver directory as the functions that decide use them, created once per container. */
export const deps = {
  store,
  pipeline: sdkPipelineGateway(codePipelineClient),
  directory: ssmDirectorySource(config.approverDirectoryParameter),
  ownRoleName: config.decideRoleName,
};
