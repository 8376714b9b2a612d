/* redcheck report: the run page's plots (throughput, latency of every op, latency quantiles),
 * drawn with uPlot from the embedded data. Registers RC.runPlots; run.js calls it. */
(function () {
  'use strict';
  var RC = window.RC;
  var typeColor = RC.typeColor;
  var DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

  function throughput(container, D) {
    var T = D.throughput;
    RC.plotHeader(container, 'Throughput by function and outcome', 'ops per second, ' + T.bucketS + ' s buckets, by completion time.');
    if (!T.series.length) {
      container.appendChild(RC.el('p', 'muted', 'No completed client ops.'));
      return;
    }
    var fs = [];
    T.series.forEach(function (s) {
      if (fs.indexOf(s.f) < 0) fs.push(s.f);
    });
    var series = [{ label: 'time (s)' }].concat(
      T.series.map(function (s) {
        return {
          label: s.f + ' ' + s.type,
          stroke: typeColor(s.type),
          width: 1.5,
          dash: DASHES[fs.indexOf(s.f) % DASHES.length],
          paths: uPlot.paths.stepped({ align: 1 }),
          points: { show: false },
          value: function (u, v) {
            return v == null ? '–' : v.toFixed(1);
          },
        };
      }),
    );
    var data = [T.x].concat(
      T.series.map(function (s) {
        return s.values;
      }),
    );
    RC.track(new uPlot(
      {
        width: RC.widthOf(container),
        height: 280,
        scales: { x: RC.runXScale(D) },
        axes: [{ label: 'time (s)' }, { label: 'ops/s', size: 60 }],
        series: series,
        plugins: [RC.faultPlugin(D.faults, D.failovers)],
      },
      data,
      container,
    ));
  }

  /** Merge the three sorted point series into one x axis with nulls, as uPlot wants. */
  function mergePoints(L) {
    var src = [L.ok, L.fail, L.info];
    var n = src[0].x.length + src[1].x.length + src[2].x.length;
    var xs = new Array(n);
    var ys = [new Array(n), new Array(n), new Array(n)];
    var at = [0, 0, 0];
    for (var k = 0; k < n; k++) {
      var best = -1;
      var bx = Infinity;
      for (var s = 0; s < 3; s++) {
        if (at[s] < src[s].x.length && src[s].x[at[s]] < bx) {
          bx = src[s].x[at[s]];
          best = s;
        }
      }
      xs[k] = bx;
      for (var j = 0; j < 3; j++) ys[j][k] = j === best ? src[j].y[at[j]] : null;
      at[best]++;
    }
    return [xs, ys[0], ys[1], ys[2]];
  }

  function latency(container, D) {
    var L = D.latency;
    var thinned = L.ok.total > L.ok.x.length;
    RC.plotHeader(
      container,
      'Latency of every op',
      'ms, log scale, at invoke time; blue ok, red fail, orange info.' +
        (thinned
          ? ' Thinned: showing ' + L.ok.x.length.toLocaleString() + ' of ' + L.ok.total.toLocaleString() + ' ok ops (past ' + L.limit.toLocaleString() + ' points per series); every fail and info op is kept.'
          : ''),
    );
    var total = L.ok.x.length + L.fail.x.length + L.info.x.length;
    if (!total) {
      container.appendChild(RC.el('p', 'muted', 'No completed client ops.'));
      return;
    }
    var data = mergePoints(L);
    var names = ['ok', 'fail', 'info'];
    var scatter = {
      hooks: {
        draw: [
          function (u) {
            var ctx = u.ctx;
            var size = Math.max(2, Math.round(2.5 * devicePixelRatio));
            var half = size / 2;
            ctx.save();
            ctx.beginPath();
            ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
            ctx.clip();
            var xs = u.data[0];
            var i0 = 0;
            var i1 = xs.length - 1;
            for (var s = 1; s <= 3; s++) {
              if (!u.series[s].show) continue;
              ctx.fillStyle = typeColor(names[s - 1]);
              var ys = u.data[s];
              for (var i = i0; i <= i1; i++) {
                var y = ys[i];
                if (y == null) continue;
                var px = u.valToPos(xs[i], 'x', true);
                var py = u.valToPos(y, 'y', true);
                ctx.fillRect(px - half, py - half, size, size);
              }
            }
            ctx.restore();
          },
        ],
      },
    };
    var series = [{ label: 'invoke (s)' }].concat(
      names.map(function (t) {
        return {
          label: t + ' (' + L[t].total.toLocaleString() + ')',
          stroke: typeColor(t),
          fill: typeColor(t),
          paths: function () {
            return null;
          },
          points: { show: false },
          value: function (u, v) {
            return v == null ? '–' : v + ' ms';
          },
        };
      }),
    );
    RC.track(new uPlot(
      {
        width: RC.widthOf(container),
        height: 320,
        scales: { x: RC.runXScale(D), y: { distr: 3, log: 10 } },
        axes: [{ label: 'time (s)' }, { label: 'latency (ms)', size: 60 }],
        series: series,
        cursor: { points: { show: false } },
        plugins: [RC.faultPlugin(D.faults, D.failovers), scatter],
      },
      data,
      container,
    ));
  }

  function quantiles(container, D) {
    var Q = D.quantiles;
    RC.plotHeader(container, 'Latency quantiles over time', 'ok ops, ms, log scale, ' + Q.bucketS + ' s buckets.');
    var any = Q.max.some(function (v) {
      return v != null;
    });
    if (!any) {
      container.appendChild(RC.el('p', 'muted', 'No ok ops.'));
      return;
    }
    var qs = [
      ['p50', '#1b9e77'],
      ['p95', '#2f7ed8'],
      ['p99', '#7570b3'],
      ['max', '#d7263d'],
    ];
    RC.track(new uPlot(
      {
        width: RC.widthOf(container),
        height: 280,
        scales: { x: RC.runXScale(D), y: { distr: 3, log: 10 } },
        axes: [{ label: 'time (s)' }, { label: 'latency (ms)', size: 60 }],
        series: [{ label: 'time (s)' }].concat(
          qs.map(function (q) {
            return {
              label: q[0],
              stroke: q[1],
              width: 1.5,
              spanGaps: false,
              value: function (u, v) {
                return v == null ? '–' : v + ' ms';
              },
            };
          }),
        ),
        plugins: [RC.faultPlugin(D.faults, D.failovers)],
      },
      [Q.x, Q.p50, Q.p95, Q.p99, Q.max],
      container,
    ));
  }

  RC.runPlots = { throughput: throughput, latency: latency, quantiles: quantiles };
})();
