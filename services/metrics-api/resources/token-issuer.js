// Who signs the tokens the API accepts, and for which audience. Deployed: the stage's Cognito
// user pool and its site app client (CloudFormation references). The local stack passes its
// own OpenID Connect issuer and client id as the `tokenIssuerUrl` / `tokenAudience` params,
// as plain strings (serverless-offline cannot resolve references).
module.exports = async ({ resolveVariable }) => {
  const issuerUrl = await resolveVariable('param:tokenIssuerUrl');
  const audience = await resolveVariable('param:tokenAudience');
  return {
    issuerUrl: issuerUrl || (await resolveVariable('self:custom.auth.cognitoIssuerUrl')),
    audience: audience || { Ref: 'SiteClient' },
  };
};
