/* redcheck report: the run page timeline's overview, the whole run as one bar (ops per second,
 * fault bands, lost writes and the windows the timeline holds); a click picks a window.
 * Registers RC.timelineOverview; runTimeline.js calls it. */
(function () {
  'use strict';
  var RC = window.RC;
  var C = RC.COLORS;

  /** The whole run as a bar: ops per second, fault bands, lost writes and the windows; click picks one. */
  RC.timelineOverview = function (root, D, windows, pick) {
    var W = Math.max(320, root.clientWidth || 900);
    var H = 54;
    var end = Math.max(D.durationS, 1e-3);
    var canvas = document.createElement('canvas');
    canvas.className = 'tl-overview';
    canvas.id = 'timeline-overview';
    var dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(W * dpr);
    canvas.height = Math.round(H * dpr);
    canvas.style.width = W + 'px';
    canvas.style.height = H + 'px';
    root.appendChild(canvas);
    var x = function (t) {
      return (t / end) * (W - 2) + 1;
    };
    var ctx = canvas.getContext('2d');
    var tp = D.throughput;
    var sums = tp.x.map(function (_, i) {
      var v = 0;
      tp.series.forEach(function (s) {
        v += s.values[i] || 0;
      });
      return v;
    });
    var max = Math.max.apply(null, sums.concat([1]));
    var lostAt = [];
    D.timeline.ops.forEach(function (o) {
      if (o.lost) lostAt.push(o.s);
    });
    var current = 0;
    function draw() {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, W, H);
      D.faults.forEach(function (f) {
        ctx.fillStyle = C.fault;
        var a = x(f.start);
        ctx.fillRect(a, 0, Math.max(2, x(f.end === undefined ? f.start : f.end) - a), H);
      });
      ctx.fillStyle = '#c3c9d1';
      sums.forEach(function (v, i) {
        var h = (v / max) * (H - 22);
        ctx.fillRect(x(tp.x[i]), H - 14 - h, Math.max(1, x(tp.x[i] + tp.bucketS) - x(tp.x[i]) - 0.5), h);
      });
      ctx.fillStyle = C.lost;
      lostAt.forEach(function (t) {
        ctx.fillRect(x(t) - 0.5, H - 14, 1.5, 6);
      });
      windows.forEach(function (w, k) {
        ctx.fillStyle = k === current ? '#111' : C.ok;
        ctx.fillRect(x(w.from), 2, Math.max(3, x(w.to) - x(w.from)), k === current ? 8 : 5);
      });
      ctx.fillStyle = '#4a5563';
      ctx.font = '10px system-ui, sans-serif';
      ctx.textBaseline = 'bottom';
      ctx.fillText('t = 0', 2, H);
      var endText = end.toFixed(end < 10 ? 2 : 0) + ' s';
      ctx.fillText(endText, W - ctx.measureText(endText).width - 2, H);
    }
    function windowAt(ev) {
      var r = canvas.getBoundingClientRect();
      var t = ((ev.clientX - r.left - 1) / (W - 2)) * end;
      var best = 0;
      var bestD = Infinity;
      windows.forEach(function (w, k) {
        var d = t < w.from ? w.from - t : t > w.to ? t - w.to : 0;
        if (d < bestD) {
          bestD = d;
          best = k;
        }
      });
      return best;
    }
    canvas.addEventListener('click', function (ev) {
      pick(windowAt(ev));
    });
    canvas.addEventListener('mousemove', function (ev) {
      var w = windows[windowAt(ev)];
      RC.showTip('window: ' + w.why + '\n' + w.from.toFixed(3) + ' s to ' + w.to.toFixed(3) + ' s, ' + w.count.toLocaleString() + ' ops (click to open)', ev.clientX, ev.clientY);
    });
    canvas.addEventListener('mouseleave', RC.hideTip);
    draw();
    return {
      mark: function (k) {
        current = k;
        draw();
      },
    };
  };
})();
