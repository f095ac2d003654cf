// What the bundles get in place of @aws-sdk/credential-provider-node (esbuild.yml, `alias`): the
// SDK's default credential chain (SSO, INI files, process, web identity, instance metadata and the
// STS/SSO clients they carry) can never be used by a Lambda function, which is handed its
// credentials in the environment. Every client is built with `credentials` (shared/src/aws/clients.ts),
// so the SDK never calls this; a client built without them fails here, on the local stack as deployed.
exports.defaultProvider = () => async () => {
  throw new Error(
    'No credential chain in a Runway bundle: build SDK clients with clientOptions (shared/src/aws/clients.ts), which reads the credentials from the environment',
  );
};
