import pino from 'pino';

/** Structured JSON logs. Anything that could hold a credential is redacted by key. */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  const options = {
    level,
    redact: {
      paths: ['token', '*.token', 'accessToken', '*.accessToken', 'refreshToken', '*.refreshToken', 'req.headers.authorization', 'headers.authorization'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type Logger = ReturnType<typeof createLogger>;
