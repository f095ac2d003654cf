import { sdkPipelineGateway } from './approvals/code-pipeline';
import { codePipelineClient } from './clients/codepipeline';
import { store } from './store';

/** Storage and CodePipeline as the functions that decide use them, created once per container. */
export const deps = {
  store,
  pipeline: sdkPipelineGateway(codePipelineClient),
};
