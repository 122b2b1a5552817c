/**
 * The house rules for imports, checked in CI (`npm run check:deps`). Draw of the same rules:
 * docs/architecture.md. A capability reacts to a higher one through domain events (server/events).
 */

/** Lower first: a folder may import the ones before it, never the ones after it. */
const LAYERS = [
  'shared',
  'events',
  'cache',
  'mail',
  'auth',
  'plugins',
  'notifications',
  'ledger',
  'signals',
  'feedback',
  'trust',
  'one-to-ones',
  'members',
  'groups',
  'directory',
  'referrals',
  'breakfasts',
  'live-round',
  'privacy',
  'jobs',
  'insights',
  'health',
];

const upwards = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer}`,
  comment: `${layer} may not import what sits above it (${LAYERS.slice(index + 1).join(', ')}); react to it through a domain event instead`,
  severity: 'error',
  from: { path: `^server/${layer}/` },
  to: { path: `^server/(${LAYERS.slice(index + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'modules that import each other cannot be understood, tested or split on their own',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-is-the-kernel',
      comment: 'server/shared imports no capability, no plugin and no table: every capability may use it',
      severity: 'error',
      from: { path: '^server/shared/' },
      to: { path: '^(server/(?!shared/)|db/)' },
    },
    {
      name: 'db-below-server',
      comment: 'the database layer knows nothing of the server',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^server/' },
    },
    {
      name: 'composition-root',
      comment: 'only main.ts imports app.ts; only app.ts imports the subscriptions',
      severity: 'error',
      from: { path: '^server/[^/]+/' },
      to: { path: '^server/(app|main|subscriptions)\\.ts$' },
    },
    {
      name: 'no-reaching-into-internals',
      comment:
        "another capability's routes, queries, projection and subscriptions are its own; naming a row type from its queries is allowed, calling them is not",
      severity: 'error',
      from: { path: '^server/([^/]+)/' },
      to: {
        dependencyTypesNot: ['type-only'],
        path: '(routes|queries|projection|subscriptions)\\.ts$',
        pathNot: ['^server/$1/', '^server/jobs/'],
      },
    },
    {
      name: 'drizzle-only-in-queries',
      comment: 'SQL is built in query files (and table definitions) only',
      severity: 'error',
      from: { path: '^server/', pathNot: '(queries|columns)\\.ts$' },
      to: { path: 'node_modules/drizzle-orm', dependencyTypesNot: ['type-only'] },
    },
    ...upwards,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
