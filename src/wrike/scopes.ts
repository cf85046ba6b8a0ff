/**
 * The OAuth scope Wrike's method list asks of an endpoint beyond the workspace scopes (Default, wsReadOnly,
 * wsReadWrite): a 403 there most likely means the token was not granted it, and the error can say which.
 */
const NEEDS: [RegExp, string][] = [
  [/^\/users(\/|$)/, 'amReadOnlyUser'],
  [/^\/groups(\/|$)/, 'amReadOnlyGroup'],
  [/^\/access_roles(\/|$)/, 'amReadOnlyAccessRole'],
  [/^\/workflows(\/|$)/, 'amReadOnlyWorkflow'],
];

export function scopeNeededFor(path: string): string | undefined {
  return NEEDS.find(([pattern]) => pattern.test(path))?.[1];
}
