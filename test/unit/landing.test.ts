import { prefersHtml } from '../../src/http/landing';

/** Which Accept headers ask for a page (a browser opening an address) rather than a GraphQL answer. */
describe('prefersHtml', () => {
  it.each([
    // Chromium, Firefox and Safari opening an address.
    ['text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8', true],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['TEXT/HTML', true],
    ['text/html, application/json', true],
  ])('a page for %s', (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });

  it.each([
    [undefined],
    [''],
    ['*/*'], // curl
    ['text/*'],
    ['application/json'],
    ['application/graphql-response+json, application/json;q=0.9'],
    ['application/json, text/html;q=0.9'],
    ['text/html;q=0, application/json'],
    ['text/htmlx'],
    ['multipart/mixed;deferSpec=20220824, application/json'],
  ])('data for %s', (accept) => {
    expect(prefersHtml(accept)).toBe(false);
  });
});
