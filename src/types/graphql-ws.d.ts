// graphql-ws publishes `graphql-ws/use/ws` through package.json "exports", which this project's module resolution
// ("node", for CommonJS) does not read; Node's require does. These are the same declarations, by their file path.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
