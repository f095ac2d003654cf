// Every view of a service's one CORS definition, `custom.cors` in its serverless.yml
// (headers, methods, exposedHeaders, maxAge), plus the allowed origins:
//   `httpApi`        → provider.httpApi.cors (what serverless-offline serves locally)
//   `cloudFormation` → resources.extensions HttpApi CorsConfiguration (the deployed API)
//   `env`            → the functions' CORS_* variables, read by the shared Middy stack
//
// Origins, deployed: the site's CloudFront URL (a CloudFormation reference to the
// `SiteDistribution` resource) plus the `corsAllowedOrigins` stage param
// (comma-separated, may be empty). Local stack and tests: the `localCorsOrigins`
// param (`--param` on serverless-offline's command line, empty otherwise), as plain
// strings, because serverless-offline cannot resolve CloudFormation references (it
// would hand the function "[object Object]"). Never the shell's environment: a
// package must not depend on the shell it was built from.
module.exports = async ({ resolveVariable }) => {
  const split = (value) =>
    String(value ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
  const cors = await resolveVariable('self:custom.cors');
  const settings = (origins, cloudFormationOrigins, envOrigins) => ({
    // provider.httpApi.cors's schema takes strings only, hence no site URL here when deployed.
    httpApi: {
      allowedOrigins: origins,
      allowedHeaders: cors.headers,
      allowedMethods: cors.methods,
      exposedResponseHeaders: cors.exposedHeaders,
      maxAge: cors.maxAge,
    },
    // Replaces the generated CorsConfiguration to add the site's URL to the origins.
    cloudFormation: {
      AllowOrigins: cloudFormationOrigins,
      AllowHeaders: cors.headers,
      AllowMethods: cors.methods,
      ExposeHeaders: cors.exposedHeaders,
      MaxAge: cors.maxAge,
    },
    env: {
      origins: envOrigins,
      headers: cors.headers.join(','),
      exposedHeaders: cors.exposedHeaders.join(','),
    },
  });

  const local = await resolveVariable('param:localCorsOrigins');
  if (split(local).length > 0) return settings(split(local), split(local), split(local).join(','));

  const extra = split(await resolveVariable('param:corsAllowedOrigins'));
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not a JS template.
  const site = { 'Fn::Sub': 'https://${SiteDistribution.DomainName}' };
  return settings(extra, [site, ...extra], { 'Fn::Join': [',', [site, ...extra]] });
};
