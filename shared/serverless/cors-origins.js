// The browser origins a stage's HTTP API allows, for provider.httpApi.cors (`:list`)
// and for the functions' CORS_ALLOWED_ORIGINS (`:env`).
//
// Deployed: the site's CloudFront URL (a CloudFormation reference to the
// `SiteDistribution` resource) plus the `corsAllowedOrigins` stage param
// (comma-separated, may be empty). Local stack and tests: RUNWAY_CORS_ORIGINS,
// as plain strings, because serverless-offline cannot resolve CloudFormation
// references (it would hand the function "[object Object]").
module.exports = async ({ resolveVariable }) => {
  const split = (value) =>
    String(value ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
  const local = process.env.RUNWAY_CORS_ORIGINS;
  if (local) return { list: split(local), cloudFormation: split(local), env: split(local).join(',') };

  const extra = split(await resolveVariable('param:corsAllowedOrigins'));
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not a JS template.
  const site = { 'Fn::Sub': 'https://${SiteDistribution.DomainName}' };
  // `list` feeds provider.httpApi.cors, whose schema takes strings only; `cloudFormation`
  // replaces the generated AllowOrigins (resources.extensions) to add the site's URL.
  return {
    list: extra,
    cloudFormation: [site, ...extra],
    env: { 'Fn::Join': [',', [site, ...extra]] },
  };
};
