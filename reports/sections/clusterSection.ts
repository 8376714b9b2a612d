/**
 * The `cluster` checker's section: the shards (who served which slots before and after the
 * run), the failover and `cluster_state` timeline, lost writes per shard, how long each cut-off
 * primary acknowledged after the cut against `cluster-node-timeout`, and the redirections met.
 */
import type { ClusterCheckResult } from '../../src/checker/cluster.js';
import { formatSlots } from '../../src/common/slots.js';
import { numberText, seconds } from '../format.js';
import { markup, type Raw } from '../html.js';
import type { CheckerSection, SectionContext } from './checkerSection.js';

type Shard = { shard: string; nodes: string[]; primary?: string; slots: [number, number][] };

function shardsTable(
  before: readonly Shard[],
  after: readonly Shard[],
  lost: Record<string, number>,
): Raw {
  if (before.length === 0 && after.length === 0) {
    return markup`<p class="muted">No shard snapshots were recorded.</p>`;
  }
  const rows = (before.length > 0 ? before : after).map((b) => {
    const a = after.find((s) => s.shard === b.shard);
    return markup`<tr>
      <td>${b.shard}</td>
      <td>${b.nodes.join(' ')}</td>
      <td>${b.primary ?? '?'}</td>
      <td class="mono">${formatSlots(b.slots)}</td>
      <td>${a?.primary ?? '?'}</td>
      <td class="mono">${a ? formatSlots(a.slots) : ''}</td>
      <td class="num">${numberText(lost[b.shard] ?? 0)}</td>
    </tr>`;
  });
  return markup`<table class="grid" id="cluster-shards">
    <thead>
      <tr>
        <th>shard</th><th>nodes</th><th>primary before</th><th>slots before</th>
        <th>primary after</th><th>slots after</th><th>lost writes</th>
      </tr>
    </thead>
    <tbody>${rows}</tbody>
  </table>`;
}

function timeline(ctx: SectionContext): Raw {
  const r = ctx.run.results;
  const events = [
    ...(r.failovers ?? []).map((f) => ({
      time: f.time,
      text: `${f.shard ?? 'primary'}: ${f.from ?? '?'} -> ${f.to} (failover)`,
    })),
    ...(r.cluster?.states ?? []).map((s) => ({
      time: s.time,
      text: `${s.node}: cluster_state ${s.state}`,
    })),
    ...r.faults.flatMap((f) => [
      {
        time: f.start,
        text: `fault ${f.fault}${f.target ? `:${f.target}` : ''} starts ${f.description ?? ''}`,
      },
      ...(f.end === undefined ? [] : [{ time: f.end, text: `fault ${f.fault} ends` }]),
    ]),
  ].sort((a, b) => a.time - b.time);
  if (events.length === 0) return markup``;
  return markup`<h3>Failovers and cluster state</h3>
    <table class="grid" id="cluster-timeline">
      <thead><tr><th>time</th><th>event</th></tr></thead>
      <tbody>${events.map((e) => markup`<tr><td>${seconds(e.time)}</td><td>${e.text}</td></tr>`)}</tbody>
    </table>`;
}

export const clusterSection: CheckerSection<ClusterCheckResult> = {
  id: 'cluster',
  label: 'cluster',
  bannerFacts(c) {
    const w = c.lossWindows[0];
    return [
      {
        label: 'MOVED / ASK',
        value: `${c.redirects.MOVED} / ${c.redirects.ASK}`,
        id: 'cluster-redirects',
      },
      ...(w
        ? [
            {
              label: 'acknowledged after the cut',
              value: `${w.windowMs} ms`,
              id: 'cluster-loss-window',
            },
          ]
        : []),
    ];
  },
  render(c, ctx) {
    const r = ctx.run.results;
    const set = r.checkers.set;
    const lost = set !== undefined && 'lostByShard' in set ? (set.lostByShard ?? {}) : {};
    const windows = c.lossWindows.map(
      (w) => markup`<tr>
        <td>${w.shard ?? ''}</td>
        <td>${w.primary}</td>
        <td>${seconds(w.start)}</td>
        <td>${seconds(w.end)}</td>
        <td class="num">${numberText(w.acknowledged)}</td>
        <td class="num">${numberText(w.windowMs, ' ms')}</td>
        <td class="num">${numberText(c.nodeTimeoutMs, ' ms')}</td>
      </tr>`,
    );
    return {
      body: markup`<section id="cluster">
        <h2>Cluster</h2>
        ${shardsTable(r.cluster?.shardsBefore ?? [], r.cluster?.shardsAfter ?? [], lost)}
        <h3>Acknowledged after the cut</h3>
        ${
          c.lossWindows.length === 0
            ? markup`<p class="muted">No partition cut a shard's primary off.</p>`
            : markup`<p>How long a primary cut off with its clients kept acknowledging writes after
                the cut, by the workers' own writes (the probe's measure of the same is the minority window,
                <code>minorityAckMs</code>; see docs/glossary.md). Redis Cluster documents that a minority primary stops once
                cluster-node-timeout has passed.</p>
              <table class="grid" id="cluster-loss-windows">
                <thead>
                  <tr><th>shard</th><th>cut-off primary</th><th>cut</th><th>heal</th>
                  <th>acks after the cut</th><th>last ack after</th><th>cluster-node-timeout</th></tr>
                </thead>
                <tbody>${windows}</tbody>
              </table>`
        }
        <p>Redirections met: ${numberText(c.redirects.MOVED)} MOVED, ${numberText(c.redirects.ASK)}
          ASK, on ${numberText(c.redirects.ops)} ops.</p>
        ${timeline(ctx)}
      </section>`,
    };
  },
};
