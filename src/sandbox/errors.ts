import type { Response } from 'express';

/** An error as Wrike answers it: `{error, errorDescription}` with Wrike's HTTP status. */
export class WrikeApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

export const badRequest = (description: string) => new WrikeApiError(400, 'invalid_request', description);
export const invalidParameter = (description: string) => new WrikeApiError(400, 'invalid_parameter', description);
export const parameterRequired = (name: string) =>
  new WrikeApiError(400, 'parameter_required', `Parameter '${name}' is required`);
export const notFound = (description = 'Resource not found') => new WrikeApiError(404, 'resource_not_found', description);
export const forbidden = (description: string) => new WrikeApiError(403, 'access_forbidden', description);
export const notAllowed = (description: string) => new WrikeApiError(403, 'not_allowed', description);

/**
 * Wrike sends error bodies as JSON text under `Content-Type: text/plain`; the sandbox does the same so that clients
 * learn to parse error bodies whatever the content type says.
 */
export function sendError(res: Response, error: WrikeApiError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res
    .status(error.status)
    .type('text/plain')
    .send(JSON.stringify({ error: error.code, errorDescription: error.description }));
}
