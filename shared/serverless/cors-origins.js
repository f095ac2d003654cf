// Resolves the comma-separated `corsAllowedOrigins` stage param into the list
// that provider.httpApi.cors.allowedOrigins needs (osls has no ${split()}).
module.exports = async ({ resolveVariable }) => {
  const value = await resolveVariable('param:corsAllowedOrigins');
  return String(value)
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
};
