import type { Request } from 'express';
import { invalidParameter, badRequest } from './errors';

/**
 * Wrike's parameter conventions: query strings and form bodies carry arrays and objects as JSON text
 * (`fields=["a","b"]`, also unquoted `[a,b]`, or a plain CSV string); JSON bodies carry real values.
 * Query, form and JSON body are merged, the body winning.
 */
export type RawParams = Record<string, unknown>;

/** Wrike's two date formats: UTC timestamps (created/updated/completed) and zone-less task dates. */
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
export const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/;

/** Parameters any endpoint takes, on top of its own. */
const GLOBAL_PARAMS = ['access_token', 'method', 'state'];

export function collectParams(req: Request): RawParams {
  const query = req.query as Record<string, unknown>;
  const body = req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? (req.body as RawParams) : {};
  return { ...query, ...body };
}

/** Refuses parameters the endpoint does not know, as Wrike does (400 invalid_request). */
export function rejectUnknown(params: RawParams, allowed: readonly string[]): void {
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name) && !GLOBAL_PARAMS.includes(name)) {
      throw badRequest(`Unknown parameter '${name}'`);
    }
  }
}

function scalar(name: string, value: unknown): string {
  if (Array.isArray(value)) throw invalidParameter(`Parameter '${name}' must be given once`);
  return String(value);
}

export function str(params: RawParams, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  return scalar(name, value);
}

export function bool(params: RawParams, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalidParameter(`Parameter '${name}' must be true or false`);
}

export function int(params: RawParams, name: string, min: number, max: number): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const text = typeof value === 'number' ? String(value) : scalar(name, value);
  if (!/^-?\d+$/.test(text)) throw invalidParameter(`Parameter '${name}' must be an integer`);
  const n = Number(text);
  if (n < min || n > max) throw invalidParameter(`Parameter '${name}' must be between ${min} and ${max}`);
  return n;
}

/** A string array: a JSON array, an unquoted `[a,b]`, or CSV `a,b`. */
export function list(params: RawParams, name: string): string[] | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => String(v));
  const text = String(value).trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map((v) => String(v));
    } catch {
      if (!text.endsWith(']')) throw invalidParameter(`Parameter '${name}' is not a valid array`);
      return text
        .slice(1, -1)
        .split(',')
        .map((item) => item.trim().replace(/^["']|["']$/g, ''))
        .filter((item) => item.length > 0);
    }
    throw invalidParameter(`Parameter '${name}' is not a valid array`);
  }
  return text.length === 0 ? [] : text.split(',').map((item) => item.trim());
}

/** An object: a JSON object in text, or a real object from a JSON body. */
export function obj(params: RawParams, name: string): Record<string, unknown> | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(scalar(name, value));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw invalidParameter(`Parameter '${name}' must be a JSON object`);
}

/** An array of objects (customFields, metadata, ...). */
export function objList(params: RawParams, name: string): Record<string, unknown>[] | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalidParameter(`Parameter '${name}' must be a JSON array of objects`);
    }
  }
  if (!Array.isArray(parsed) || parsed.some((item) => !item || typeof item !== 'object' || Array.isArray(item))) {
    throw invalidParameter(`Parameter '${name}' must be a JSON array of objects`);
  }
  return parsed as Record<string, unknown>[];
}

export function oneOf<T extends string>(params: RawParams, name: string, allowed: readonly T[]): T | undefined {
  const value = str(params, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidParameter(`Parameter '${name}' must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}
