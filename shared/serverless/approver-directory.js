// The approver directory of this stage as an SSM parameter, checked at package time.
//
// The directory is a reviewed file in the repository (`directory/<stage>.yml`, chosen by the
// `approverDirectory` param): a change to who may approve is a commit and reaches the functions
// only through a deployment. Packaging refuses a file that does not pass the same check the
// functions apply when they read it (shared/src/approvals/approver-directory.ts), so a typo fails
// here, not at the first approval.
//
// Params: `approverDirectory` (path from the repository root), `approverDirectoryParameter` (the
// SSM parameter name both approval-gateway and pipeline-triggers read).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const yaml = require('js-yaml');
const { require: tsRequire } = require('tsx/cjs/api');

const ROOT = join(__dirname, '..', '..');
// A Standard parameter holds 4 KB; a larger directory needs the Advanced tier (and its cost).
const MAX_STANDARD_BYTES = 4096;

/** The TypeScript check itself: through tsx under the framework, directly where TS already loads (Jest). */
function directoryModule() {
  try {
    return require('../src/approvals/approver-directory.ts');
  } catch {
    return tsRequire('../src/approvals/approver-directory.ts', __filename);
  }
}

/** The checked directory in `file` (relative to the repository root), as compact JSON. */
function directoryJson(file) {
  const { parseApproverDirectory, directoryDocument } = directoryModule();
  const path = join(ROOT, file);
  const directory = parseApproverDirectory(yaml.load(readFileSync(path, 'utf8')));
  const json = JSON.stringify(directoryDocument(directory));
  if (Buffer.byteLength(json) > MAX_STANDARD_BYTES) {
    throw new Error(`${file}: the directory is ${Buffer.byteLength(json)} bytes, over the 4 KB of an SSM parameter`);
  }
  return json;
}

module.exports = async ({ resolveVariable }) => {
  const file = await resolveVariable('param:approverDirectory');
  const name = await resolveVariable('param:approverDirectoryParameter');
  return {
    Resources: {
      ApproverDirectoryParameter: {
        Type: 'AWS::SSM::Parameter',
        Properties: {
          Name: name,
          Type: 'String',
          Description: `Approver directory (from ${file}); read by approval-gateway and pipeline-triggers`,
          Value: directoryJson(file),
        },
      },
    },
  };
};
module.exports.directoryJson = directoryJson;
