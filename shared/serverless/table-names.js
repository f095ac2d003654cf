// The names of a service's DynamoDB tables. A table that a stack deletion keeps (DeletionPolicy
// other than Delete: prod's) is left for CloudFormation to name (`<stack>-<logical id>-<random>`):
// a fixed name would stay taken by the retained table and keep the stage from being deployed again
// after `serverless remove`. A table deleted with its stack keeps its conventional name
// `<service>-<stage>-<suffix>`, which the local stack, the tests, the bench and the scripts address
// (serverless-offline passes environment values as plain strings: a Ref would arrive as an object).
// `npm run verify` rejects a retained table with a fixed name (scripts/verify/check-deploy.ts).
//
//   custom.tableNames: { <LogicalId>: <suffix> }      the service's tables
//   params.<stage>.tableDeletionPolicy                their DeletionPolicy (Delete | Retain)
//   custom.tables: ${file(../../shared/serverless/table-names.js)}
//   TableName: ${self:custom.tables.<LogicalId>.tableName}   the name, or AWS::NoValue when retained
//   ${self:custom.tables.<LogicalId>.name}                   what functions are given: the name, or { Ref: <LogicalId> }
//
// Outputs give the real name in every stage with `!Ref <LogicalId>`; scripts that address a
// deployed stage's table read it there (scripts/assign-owners.ts), other services through compose.

/** Whether a stack deletion keeps a resource with this DeletionPolicy (so its name stays taken). */
function isRetained(deletionPolicy) {
  return deletionPolicy !== 'Delete';
}

/** Per logical id: `tableName` (the TableName property) and `name` (how functions and outputs name it). */
function tableNames({ service, stage, deletionPolicy, suffixes }) {
  const retained = isRetained(deletionPolicy);
  return Object.fromEntries(
    Object.entries(suffixes).map(([logicalId, suffix]) => {
      const conventional = `${service}-${stage}-${suffix}`;
      return [
        logicalId,
        retained
          ? { tableName: { Ref: 'AWS::NoValue' }, name: { Ref: logicalId } }
          : { tableName: conventional, name: conventional },
      ];
    }),
  );
}

module.exports = async ({ resolveVariable, resolveConfigurationProperty }) =>
  tableNames({
    service: await resolveVariable('self:service'),
    stage: await resolveVariable('sls:stage'),
    deletionPolicy: await resolveVariable('param:tableDeletionPolicy'),
    suffixes: (await resolveConfigurationProperty(['custom', 'tableNames'])) ?? {},
  });
module.exports.tableNames = tableNames;
module.exports.isRetained = isRetained;
