import type { RunResults } from '../src/store/index.js';
import { durationText, numberText, seconds } from './format.js';
import { markup, type Raw } from './html.js';

type Observations = NonNullable<RunResults['observers']>;

/** Replication (R3, R4, R5): resyncs, each replica's catch-up after a fault, lag distribution. */
function replicationPart(r: NonNullable<Observations['replication']>): Raw {
  const biggest = Math.max(1, ...r.lagMs.histogram.map((b) => b.count));
  return markup`<h3>Replication</h3>
    <table class="kv" id="observer-resync">
      <tr><th scope="row">full resyncs</th><td>${r.sync.full}</td></tr>
      <tr><th scope="row">partial resyncs accepted</th><td>${r.sync.partialOk}</td></tr>
      <tr><th scope="row">partial resyncs refused</th><td>${r.sync.partialErr}</td></tr>
      <tr><th scope="row">INFO samples</th><td>${r.samples}, every ${durationText(r.intervalMs)}</td></tr>
    </table>
    ${
      r.catchUps.length > 0
        ? markup`<h4>Catch-up after each fault</h4>
            <table class="grid" id="observer-catchup">
              <thead><tr><th>replica</th><th>fault ended</th><th>caught up after</th></tr></thead>
              <tbody>
                ${r.catchUps.map(
                  (c) =>
                    markup`<tr>
                      <th scope="row">${c.replica}</th>
                      <td>${seconds(c.faultEnd)}</td>
                      <td>${c.ms === null ? 'not within the run' : durationText(c.ms)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
        : ''
    }
    <h4>Replica lag</h4>
    <p>
      p50 ${numberText(r.lagMs.p50, ' ms')}, p90 ${numberText(r.lagMs.p90, ' ms')}, p99
      ${numberText(r.lagMs.p99, ' ms')}, max ${numberText(r.lagMs.max, ' ms')} over
      ${r.lagMs.samples} samples.
    </p>
    <table class="grid" id="observer-lag">
      <thead><tr><th>lag</th><th>samples</th><th></th></tr></thead>
      <tbody>
        ${r.lagMs.histogram.map(
          (b, i) =>
            markup`<tr>
              <th scope="row">${b.le === -1 ? `> ${r.lagMs.histogram[i - 1]?.le ?? 0} ms` : `≤ ${b.le} ms`}</th>
              <td>${b.count}</td>
              <td><span class="lag-bar" style="${`width:${Math.round((100 * b.count) / biggest)}%`}"></span></td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

/** Failover (R6, R7): each change of the primary the sentinels' majority named. */
function failoverPart(f: NonNullable<Observations['failover']>): Raw {
  return markup`<h3>Primary changes (Sentinel)</h3>
    ${
      f.changes.length === 0
        ? markup`<p class="muted">The sentinels named no new primary during the run.</p>`
        : markup`<table class="grid" id="observer-failover">
            <thead><tr><th>at</th><th>from</th><th>to</th><th>after the fault</th></tr></thead>
            <tbody>
              ${f.changes.map(
                (c) =>
                  markup`<tr>
                    <td>${seconds(c.time)}</td>
                    <td>${c.from ?? '?'}</td>
                    <td>${c.to}</td>
                    <td>${c.afterFaultMs === null ? 'no fault before' : durationText(c.afterFaultMs)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

/** C3's probe: a MULTI with a command that fails at run time. */
function multiPart(p: NonNullable<Observations['multiProbe']>): Raw {
  return markup`<h3>MULTI with a failing command (C3)</h3>
    <p id="observer-multi">
      On ${p.node}: EXEC answered ${p.execReplies.join(' | ')}; ${p.failedCommands} command(s)
      failed and the others were ${p.othersApplied ? 'applied (no rollback)' : 'NOT applied'}.
    </p>`;
}

/** C4's probe: a long Lua script and what another client saw meanwhile. */
function longScriptPart(p: NonNullable<Observations['longScript']>): Raw {
  return markup`<h3>Long Lua script (C4)</h3>
    <p id="observer-script">
      On ${p.node}: a script asked to run ${durationText(p.durationMs)} ran
      ${durationText(p.scriptMs)} (${p.scriptReply}). Meanwhile ${p.pings} PINGs from another
      client got ${p.busyReplies} BUSY replies; the slowest took ${durationText(p.maxPingMs)}.
    </p>`;
}

/**
 * What the observers measured beside the history (`results.observers`), or nothing when the
 * run had none.
 */
export function observersSection(results: RunResults): Raw | undefined {
  const o = results.observers;
  if (o === undefined) return undefined;
  const parts = [
    o.replication && replicationPart(o.replication),
    o.failover && failoverPart(o.failover),
    o.multiProbe && multiPart(o.multiProbe),
    o.longScript && longScriptPart(o.longScript),
  ].filter((p): p is Raw => p !== undefined);
  if (parts.length === 0) return undefined;
  return markup`<section id="observers">
    <h2>Observers</h2>
    ${parts}
  </section>`;
}
