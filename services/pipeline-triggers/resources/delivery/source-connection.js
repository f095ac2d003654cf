// The GitHub connection Runway's own pipeline sources from: the one pipelines.js creates in this
// stack (`codeStarConnectionArn: create`), or the connection the param names.
module.exports = async ({ resolveVariable }) => {
  // A stage without Runway's pipeline (runwayPipeline: none) uses no connection here.
  if ((await resolveVariable('param:runwayPipeline')) === 'none') return 'none';
  const arn = await resolveVariable('param:codeStarConnectionArn');
  if (arn !== 'create') return arn;
  if ((await resolveVariable('param:sourceProvider')) === 'codecommit') {
    throw new Error(
      "Runway's own pipeline sources from GitHub: with sourceProvider codecommit, set codeStarConnectionArn to a connection",
    );
  }
  return { Ref: 'SourceConnection' };
};
