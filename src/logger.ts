import pino, { type Logger } from 'pino';

/** Structured logs; request bodies are never logged and credentials are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-telegram-bot-api-secret-token"]', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  });
}
