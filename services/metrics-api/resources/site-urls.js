// Where Cognito may send a browser back to after sign-in and sign-out: the stage's site
// (its CloudFront URL, a CloudFormation reference) and the `localSiteOrigins` stage param
// (comma-separated origins of a developer's local site; empty in prod).
module.exports = async ({ resolveVariable }) => {
  const local = String((await resolveVariable('param:localSiteOrigins')) ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  // An Fn::Sub string: `\${` keeps CloudFormation's placeholder out of the JS template.
  const site = (path) => ({ 'Fn::Sub': `https://\${SiteDistribution.DomainName}${path}` });
  return {
    callbacks: [site('/callback.html'), ...local.map((origin) => `${origin}/callback.html`)],
    signOuts: [site('/'), ...local.map((origin) => `${origin}/`)],
  };
};
