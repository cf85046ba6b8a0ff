import pino from 'pino';

/**
 * Structured logs: JSON lines, or readable lines (pino's pretty transport) when stdout is a terminal and no
 * destination is given. Anything that could hold a credential is redacted by key, before either.
 */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  const options = {
    level,
    redact: {
      paths: ['token', '*.token', 'accessToken', '*.accessToken', 'refreshToken', '*.refreshToken', 'req.headers.authorization', 'headers.authorization'],
      censor: '[redacted]',
    },
  };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) return pino(options, pino.transport({ target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } }));
  return pino(options);
}

export type Logger = ReturnType<typeof createLogger>;
