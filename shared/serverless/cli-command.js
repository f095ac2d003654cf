// Which osls command this process runs. A setting read from the account when deploying (the
// outputs of another service's stack, whether a container image exists yet) falls back to its
// packaging default for every other command, so `npm run package`, `npm run verify`, the tests
// and the local stack never need AWS. Read from osls's own parsed input (memoised by osls), so
// it is what osls itself runs.
const resolveInput = require('serverless/lib/cli/resolve-input');

/** True for `serverless deploy` (and `deploy function`), false for package, print, offline, info, remove. */
function isDeploying(commands = resolveInput().commands) {
  return commands[0] === 'deploy' && commands[1] !== 'list';
}

/** The `--param name=value` pairs given on the command line (compose passes its params so). */
function cliParams(options) {
  const given = options?.param ?? [];
  const pairs = (Array.isArray(given) ? given : [given]).map((item) => {
    const at = String(item).indexOf('=');
    return at < 1
      ? undefined
      : [
          String(item).slice(0, at),
          String(item)
            .slice(at + 1)
            .trimEnd(),
        ];
  });
  return Object.fromEntries(pairs.filter((pair) => pair !== undefined));
}

module.exports = { isDeploying, cliParams };
