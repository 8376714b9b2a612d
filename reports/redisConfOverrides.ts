/** The run page's table of what redcheck replaced in the user's redis.conf (`--redis-conf`). */
import type { RunResults } from '../src/store/index.js';
import { markup, type Raw } from './html.js';
import { tableHead } from './tableHead.js';

/** "Your file said X; redcheck used Y because Z", a row a directive; nothing without a file. */
export function redisConfOverrides(results: RunResults): Raw {
  const conf = results.redisConf;
  if (conf === undefined) return markup``;
  return markup`<h3>Your redis.conf</h3>
    <p>
      <code>${conf.file}</code> was the base of every node's config.
      ${
        conf.authUser === undefined
          ? ''
          : `Its nodes take a password: redcheck connected as user ${conf.authUser} (the password is not recorded).`
      }
      ${
        conf.overrides.length === 0
          ? 'redcheck replaced none of its lines.'
          : `redcheck replaced ${conf.overrides.length === 1 ? 'one directive' : `${conf.overrides.length} directives`} of it:`
      }
    </p>
    ${
      conf.overrides.length === 0
        ? markup``
        : markup`<table id="redis-conf-overrides">
          ${tableHead('directive', 'your file said', 'redcheck used', 'because')}
          <tbody>
            ${conf.overrides.map(
              (o) =>
                markup`<tr>
                  <td><code>${o.directive}</code></td>
                  <td><code>${o.file}</code></td>
                  <td><code>${o.used}</code></td>
                  <td>${o.why}</td>
                </tr>`,
            )}
          </tbody>
        </table>`
    }`;
}
