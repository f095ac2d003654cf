// The GitHub connection Runway's own pipeline sources from: pipeline-triggers' (its output
// SourceConnectionArn, which compose gives as `sourceConnectionArn`), the connection its pipelines
// use, created there with `codeStarConnectionArn: create` or named by that param.
module.exports = async ({ resolveVariable }) => {
  // A stage without Runway's pipeline (runwayPipeline: none) uses no connection here.
  if ((await resolveVariable('param:runwayPipeline')) === 'none') return 'none';
  const arn = await resolveVariable('param:sourceConnectionArn');
  // pipeline-triggers has no connection when its pipelines source from CodeCommit with no
  // codeStarConnectionArn given (its output is then `none`).
  if (arn === 'none') {
    throw new Error(
      "Runway's own pipeline sources from GitHub: pipeline-triggers has no connection (sourceProvider codecommit); set its codeStarConnectionArn to a connection",
    );
  }
  return arn;
};
