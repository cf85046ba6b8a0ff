/**
 * The script that starts GraphiQL on /graphiql: the example operations (tickets with sub-tasks and custom fields,
 * a workspace tree, the user directory, live ticket events over graphql-ws) and an editable X-Connection-Id header
 * (sent as HTTP headers, and in the socket's connection_init payload for subscriptions). Served as /graphiql/assets/init.js
 * (a file of its own, so that the page's Content-Security-Policy can forbid inline scripts).
 */
export const GRAPHIQL_INIT_SCRIPT = `(function () {
  var examples = [
    {
      query: [
        '# Tickets with their sub-tasks and typed custom fields.',
        '# The X-Connection-Id header (below) picks the Wrike connection.',
        'query TicketsWithSubtasks {',
        '  tickets(first: 10, filter: { statusCategories: [ACTIVE] }) {',
        '    totalCount',
        '    pageInfo { hasNextPage endCursor }',
        '    nodes {',
        '      id title priority dueDate',
        '      status { name category }',
        '      assignees { name }',
        '      customFields {',
        '        field { name type }',
        '        rawValue',
        '        ... on NumberFieldValue { number }',
        '        ... on DropdownFieldValue { option }',
        '      }',
        '      subtasks(first: 5) { nodes { id title status { name } } }',
        '    }',
        '  }',
        '}',
      ].join('\\n'),
    },
    {
      query: [
        '# Workspaces, their collections and what is below them.',
        'query WorkspaceTree {',
        '  workspaces(first: 10) {',
        '    nodes {',
        '      name isArchived',
        '      collections(first: 20) {',
        '        nodes { name type children(first: 20) { nodes { name type } } }',
        '      }',
        '    }',
        '  }',
        '}',
      ].join('\\n'),
    },
    {
      query: [
        '# The user directory: people, roles and groups.',
        'query UserDirectory {',
        '  users(first: 50) { totalCount nodes { name email isExternal role { name } groups { name } } }',
        '  groups(first: 50) { nodes { name parent { name } members { name } } }',
        '  roles { id name kind }',
        '}',
      ].join('\\n'),
    },
    {
      query: [
        '# Live: every change to the connection\\'s tickets, as Wrike reports it. With the built-in sandbox it works as',
        '# is; against a real Wrike the server needs PUBLIC_URL (see the README). Run it, then change a ticket (a',
        '# mutation in another tab, or in Wrike) and watch it arrive.',
        'subscription TicketEvents {',
        '  ticketEvents { type wrikeEventType changedFields occurredAt author { name } ticket { id title status { name } } }',
        '}',
      ].join('\\n'),
    },
  ];
  var headers = JSON.stringify({ 'X-Connection-Id': 'default' }, null, 2);
  var fetcher = GraphiQL.createFetcher({
    url: window.location.origin + '/graphql',
    subscriptionUrl: window.location.origin.replace(/^http/, 'ws') + '/graphql',
  });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: examples.map(function (tab) { return { query: tab.query, headers: headers }; }),
      defaultHeaders: headers,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: 'headers',
    }),
  );
})();
`;
