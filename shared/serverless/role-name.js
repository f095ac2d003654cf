// The IAM role name of one function's own role (serverless-iam-roles-per-function's
// `iamRoleStatementsName`): `<service>-<stage>-<function>-<region>`. IAM caps role names at 64
// characters, and the plugin's own name (which also appends `-lambdaRole`) passes that cap with a
// longer stage or region, so a name that would be longer keeps its `<service>-<stage>-` prefix
// (other services match roles by it) and its region (role names are global, one per region), and
// shortens the function part, made unique again by a hash of the full name.
//
// Usage, per function: iamRoleStatementsName: ${file(../../shared/serverless/role-name.js):<functionName>}
const { createHash } = require('node:crypto');

const MAX_ROLE_NAME = 64;

function roleName({ service, stage, region, functionName }) {
  const full = `${service}-${stage}-${functionName}-${region}`;
  if (full.length <= MAX_ROLE_NAME) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  const prefix = `${service}-${stage}-`;
  const suffix = `-${hash}-${region}`;
  const room = MAX_ROLE_NAME - prefix.length - suffix.length;
  if (room < 1) {
    throw new Error(`no IAM role name of at most ${MAX_ROLE_NAME} characters fits ${prefix}…${suffix}`);
  }
  return `${prefix}${functionName.slice(0, room)}${suffix}`;
}

module.exports = async ({ resolveVariable }) => {
  const names = {
    service: await resolveVariable('self:service'),
    stage: await resolveVariable('sls:stage'),
    region: await resolveVariable('self:provider.region'),
  };
  // The function is the property the variable asks for: `role-name.js:twoPersonRule`.
  return new Proxy(
    {},
    {
      get: (_target, functionName) =>
        typeof functionName === 'string' ? roleName({ ...names, functionName }) : undefined,
    },
  );
};
module.exports.roleName = roleName;
module.exports.MAX_ROLE_NAME = MAX_ROLE_NAME;
