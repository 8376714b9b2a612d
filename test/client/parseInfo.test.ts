import assert from 'node:assert/strict';
import { parseInfo } from '../../src/client/parseInfo.js';

describe('parseInfo (INFO and CLUSTER INFO replies)', () => {
  it('reads key:value lines, drops section headers and blank lines, keeps colons in values', () => {
    const info = parseInfo(
      '# Replication\r\nrole:slave\r\nmaster_host:10.0.0.2\r\n\r\n# Keyspace\r\ndb0:keys=3,expires=0\r\nrun_id:ab:cd\r\n',
    );
    assert.deepEqual(
      [...info],
      [
        ['role', 'slave'],
        ['master_host', '10.0.0.2'],
        ['db0', 'keys=3,expires=0'],
        ['run_id', 'ab:cd'],
      ],
    );
    assert.equal(parseInfo('cluster_state:ok\ncluster_known_nodes:6').get('cluster_state'), 'ok');
  });
});
