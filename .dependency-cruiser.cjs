/**
 * The layers of redcheck, held by `npm run lint` (depcruise). From the top: CLI; runner and
 * reports; workloads and nemesis; client, cluster and checker; store and history; common
 * helpers. An arrow only points down: a module never imports a layer above its own, and
 * nothing imports in a circle. See DESIGN.md, "The pieces".
 */
const layer = {
  common: '^src/(common/|errors\\.ts$)',
  history: '^src/history/',
  store: '^src/store/',
  checker: '^src/checker/',
  client: '^src/client/',
  cluster: '^src/cluster/',
  nemesis: '^nemesis/',
  workloads: '^workloads/',
  runner: '^src/runner/',
  reports: '^reports/',
  suite: '^src/suite/',
  explore: '^src/explore/',
  cli: '^src/cli/',
};

/** `from` may import only the layers listed in `allowed` (and itself). */
function only(name, allowed, comment) {
  const ok = [layer[name], ...allowed.map((l) => layer[l])].join('|');
  return {
    name: `${name}-imports-only-below`,
    comment,
    severity: 'error',
    from: { path: layer[name] },
    to: { path: '^(src|nemesis|workloads|reports)/', pathNot: ok },
  };
}

/** What the suite may import: the runner, the pages and everything below them. */
const BELOW_SUITE = [
  'runner',
  'reports',
  'workloads',
  'nemesis',
  'client',
  'cluster',
  'checker',
  'store',
  'history',
  'common',
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'modules that import each other in a circle cannot be read or tested alone',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    only('common', [], 'common helpers and errors know nothing of redcheck'),
    only('history', ['common'], 'the op type and its readers stand alone'),
    only('checker', ['history', 'common'], 'a checker needs neither Docker, Redis nor the runner'),
    only(
      'store',
      ['checker', 'history', 'common'],
      'the store keeps the checkers’ own result types and nothing of how a run is made',
    ),
    only('client', ['history', 'common'], 'the client knows nothing of runs, faults or nodes'),
    only(
      'cluster',
      ['client', 'common'],
      'the cluster knows nothing of the runner, faults or workloads',
    ),
    only(
      'nemesis',
      ['cluster', 'history', 'common'],
      'a fault acts on nodes; it knows nothing of the runner or the workloads',
    ),
    only(
      'workloads',
      ['checker', 'client', 'history', 'store', 'common'],
      'a workload is ops, a final read and a checker; it knows nothing of the runner',
    ),
    only(
      'reports',
      ['store', 'history', 'checker', 'common'],
      'a page is drawn from the stored files only: the store, history and checker types',
    ),
    only(
      'suite',
      BELOW_SUITE,
      'the suite runs scenarios and draws its page; only the CLI is above it',
    ),
    only(
      'explore',
      ['suite', ...BELOW_SUITE],
      'explore draws scenarios, judges them with the suite’s expectations and draws its page; only the CLI is above it',
    ),
    only(
      'runner',
      ['workloads', 'nemesis', 'client', 'cluster', 'checker', 'store', 'history', 'common'],
      'the runner drives everything below it and is driven by the CLI; it never imports a page',
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|nemesis|workloads|reports)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
