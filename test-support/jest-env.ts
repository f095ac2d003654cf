// Quiet, deterministic test processes: structured logs only when asked for (RUNWAY_TEST_LOGS=1),
// and SDK clients that can never reach a real AWS account.
process.env.POWERTOOLS_LOG_LEVEL ??= process.env.RUNWAY_TEST_LOGS ? 'DEBUG' : 'SILENT';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;
