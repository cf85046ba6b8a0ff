import pino from 'pino';

/** Structured JSON logs. Anything that could hold a credential is redacted by key. */
export function createLogger(level: string) {
  return pino({
    level,
    redact: {
      paths: ['token', '*.token', 'accessToken', '*.accessToken', 'refreshToken', '*.refreshToken', 'req.headers.authorization', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
