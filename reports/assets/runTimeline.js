/* redcheck report: the run page's Jepsen-style timeline of ops, one column per process, on one
 * canvas redrawn for the visible part on scroll. Registers RC.runTimeline; run.js calls it. */
(function () {
  'use strict';
  var RC = window.RC;
  var C = RC.COLORS;
  var typeColor = RC.typeColor;

  function niceStep(raw) {
    var steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];
    for (var i = 0; i < steps.length; i++) if (steps[i] >= raw) return steps[i];
    return Math.ceil(raw / 600) * 600;
  }

  /** Jepsen-style timeline on one canvas, redrawn for the visible part on scroll. */
  function timeline(root, D) {
    var TL = D.timeline;
    var note = RC.el('p', 'note');
    note.id = 'timeline-note';
    note.textContent =
      (TL.ops.length < TL.total ? 'showing ' + TL.ops.length.toLocaleString() + ' of ' + TL.total.toLocaleString() + ' ops, ' : 'showing all ' + TL.total.toLocaleString() + ' ops, ') +
      TL.window + '.';
    root.appendChild(note);
    var legend = RC.el('p', 'legend-note');
    [['ok', C.ok], ['fail', C.fail], ['info', C.info], ['pending', C.pending], ['lost write', C.lost]].forEach(function (l) {
      var sw = RC.el('span', 'swatch');
      sw.style.background = l[1];
      legend.appendChild(sw);
      legend.appendChild(document.createTextNode(' ' + l[0] + '  '));
    });
    root.appendChild(legend);
    if (!TL.ops.length) {
      root.appendChild(RC.el('p', 'muted', 'No client ops.'));
      return;
    }
    var ops = TL.ops;
    var t0 = Infinity;
    var t1 = -Infinity;
    ops.forEach(function (o) {
      if (o.s < t0) t0 = o.s;
      if (o.e > t1) t1 = o.e;
    });
    var span = Math.max(t1 - t0, 1e-6);
    var nCols = TL.processes.length;
    var gutter = 76;
    var viewH = 560;
    var wrap = RC.el('div', 'tl-wrap');
    var header = RC.el('div', 'tl-header');
    var scroller = RC.el('div', 'tl-scroll');
    var spacer = RC.el('div', 'tl-spacer');
    var canvas = document.createElement('canvas');
    canvas.className = 'tl-canvas';
    scroller.appendChild(spacer);
    var stage = RC.el('div', 'tl-stage');
    stage.appendChild(canvas);
    stage.appendChild(scroller);
    wrap.appendChild(header);
    wrap.appendChild(stage);
    var detail = RC.el('pre', 'tl-detail', 'Hover over an op to see it; click to link to it.');
    detail.id = 'timeline-detail';
    root.appendChild(wrap);
    root.appendChild(detail);

    var viewW = Math.max(480, root.clientWidth || 900);
    var colW = Math.max(14, Math.min(120, Math.floor((viewW - gutter - 16) / Math.max(1, nCols))));
    var totalW = gutter + nCols * colW + 8;
    var totalH = Math.max(viewH, Math.min(200000, ops.length * 5));
    var pxPerS = (totalH - 20) / span;
    spacer.style.width = totalW + 'px';
    spacer.style.height = totalH + 'px';
    stage.style.height = viewH + 'px';
    var dpr = window.devicePixelRatio || 1;
    var canvasW = Math.min(viewW, totalW);
    canvas.width = Math.round(canvasW * dpr);
    canvas.height = Math.round(viewH * dpr);
    canvas.style.width = canvasW + 'px';
    canvas.style.height = viewH + 'px';
    stage.style.width = canvasW + 'px';

    // Column headers (process ids), kept aligned with horizontal scroll.
    var headInner = RC.el('div', 'tl-header-inner');
    headInner.style.width = totalW + 'px';
    headInner.appendChild(RC.el('span', 'tl-col-label tl-gutter-label', 'process →'));
    TL.processes.forEach(function (p, i) {
      var l = RC.el('span', 'tl-col-label', p);
      l.style.left = gutter + i * colW + 'px';
      l.style.width = colW + 'px';
      headInner.appendChild(l);
    });
    header.appendChild(headInner);
    header.style.width = canvasW + 'px';

    var byCol = [];
    for (var c = 0; c < nCols; c++) byCol.push([]);
    ops.forEach(function (o) {
      byCol[o.c].push(o);
    });
    var selected = null;
    var yOf = function (t) {
      return 10 + (t - t0) * pxPerS;
    };
    var ctx = canvas.getContext('2d');

    function draw() {
      var sx = scroller.scrollLeft;
      var sy = scroller.scrollTop;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, canvasW, viewH);
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvasW, viewH);
      var tTop = t0 + (sy - 10) / pxPerS;
      var tBot = t0 + (sy + viewH) / pxPerS;
      // Fault bands across every column.
      D.faults.forEach(function (f) {
        var a = yOf(f.start) - sy;
        if (f.instant) {
          if (a < -2 || a > viewH + 2) return;
          ctx.strokeStyle = C.instant;
          ctx.setLineDash([4, 3]);
          ctx.beginPath();
          ctx.moveTo(gutter, a);
          ctx.lineTo(canvasW, a);
          ctx.stroke();
          ctx.setLineDash([]);
          return;
        }
        var b = yOf(f.end === undefined ? t1 : f.end) - sy;
        if (b < 0 || a > viewH) return;
        ctx.fillStyle = C.fault;
        ctx.fillRect(gutter, Math.max(0, a), canvasW - gutter, Math.min(viewH, b) - Math.max(0, a));
      });
      // Column rules.
      ctx.strokeStyle = '#eef0f3';
      for (var c = 0; c <= nCols; c++) {
        var x = gutter + c * colW - sx + 0.5;
        if (x < gutter - 1 || x > canvasW) continue;
        ctx.beginPath();
        ctx.moveTo(x, 0);
        ctx.lineTo(x, viewH);
        ctx.stroke();
      }
      // Ops.
      var pad = colW > 20 ? 3 : 1;
      for (c = 0; c < nCols; c++) {
        var x0 = gutter + c * colW - sx + pad;
        if (x0 + colW < gutter || x0 > canvasW) continue;
        var col = byCol[c];
        for (var k = 0; k < col.length; k++) {
          var o = col[k];
          if (o.e < tTop || o.s > tBot) continue;
          var y0 = yOf(o.s) - sy;
          var h = Math.max(2, (o.e - o.s) * pxPerS);
          ctx.fillStyle = typeColor(o.t);
          ctx.fillRect(Math.max(gutter, x0), y0, colW - 2 * pad, h);
          if (o.lost) {
            ctx.strokeStyle = C.lost;
            ctx.lineWidth = 2;
            ctx.strokeRect(Math.max(gutter, x0) + 1, y0 + 1, colW - 2 * pad - 2, Math.max(1, h - 2));
            ctx.lineWidth = 1;
          }
          if (o === selected) {
            ctx.strokeStyle = '#111';
            ctx.lineWidth = 2;
            ctx.strokeRect(Math.max(gutter, x0) - 2, y0 - 2, colW - 2 * pad + 4, h + 4);
            ctx.lineWidth = 1;
          }
        }
      }
      // Time gutter.
      ctx.fillStyle = '#fafbfc';
      ctx.fillRect(0, 0, gutter, viewH);
      ctx.strokeStyle = '#d0d5dc';
      ctx.beginPath();
      ctx.moveTo(gutter + 0.5, 0);
      ctx.lineTo(gutter + 0.5, viewH);
      ctx.stroke();
      var step = niceStep(60 / pxPerS);
      var decimals = step >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(step)));
      ctx.fillStyle = '#4a5563';
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      for (var t = Math.ceil(tTop / step) * step; t <= tBot; t += step) {
        var y = yOf(t) - sy;
        ctx.fillText(t.toFixed(decimals) + ' s', 6, y);
        ctx.strokeStyle = '#c3c9d1';
        ctx.beginPath();
        ctx.moveTo(gutter - 6, Math.round(y) + 0.5);
        ctx.lineTo(gutter, Math.round(y) + 0.5);
        ctx.stroke();
      }
    }

    function opAt(ev) {
      var rect = scroller.getBoundingClientRect();
      var x = ev.clientX - rect.left + scroller.scrollLeft;
      var y = ev.clientY - rect.top + scroller.scrollTop;
      var c = Math.floor((x - gutter) / colW);
      if (c < 0 || c >= nCols) return null;
      var t = t0 + (y - 10) / pxPerS;
      var tol = 2 / pxPerS;
      var col = byCol[c];
      for (var k = 0; k < col.length; k++) {
        if (col[k].s - tol <= t && t <= Math.max(col[k].e, col[k].s + tol)) return col[k];
      }
      return null;
    }

    function select(o, scrollTo) {
      selected = o;
      if (o) {
        detail.textContent = 'op #' + o.i + (o.lost ? '  (LOST acknowledged write)' : '') + '\n' + o.text;
        if (scrollTo) {
          scroller.scrollTop = Math.max(0, yOf(o.s) - viewH / 2);
          scroller.scrollLeft = Math.max(0, gutter + o.c * colW - canvasW / 2);
        }
      }
      draw();
    }

    var pendingFrame = false;
    scroller.addEventListener('scroll', function () {
      headInner.style.transform = 'translateX(' + -scroller.scrollLeft + 'px)';
      if (pendingFrame) return;
      pendingFrame = true;
      requestAnimationFrame(function () {
        pendingFrame = false;
        draw();
      });
    });
    scroller.addEventListener('mousemove', function (ev) {
      var o = opAt(ev);
      scroller.style.cursor = o ? 'pointer' : 'default';
      if (o) RC.showTip('op #' + o.i + (o.lost ? '  (LOST acknowledged write)' : '') + '\n' + o.text, ev.clientX, ev.clientY);
      else RC.hideTip();
    });
    scroller.addEventListener('mouseleave', RC.hideTip);
    scroller.addEventListener('click', function (ev) {
      var o = opAt(ev);
      if (o) history.replaceState(null, '', '#op-' + o.i);
      select(o, false);
    });

    function fromHash() {
      var m = /^#op-(\d+)$/.exec(location.hash);
      if (!m) return;
      var i = Number(m[1]);
      var found = null;
      for (var k = 0; k < ops.length; k++) if (ops[k].i === i) found = ops[k];
      if (found) {
        root.scrollIntoView({ block: 'start' });
        select(found, true);
      } else detail.textContent = 'op #' + i + ' is outside the ops the timeline shows (' + TL.window + ').';
    }
    window.addEventListener('hashchange', fromHash);
    // Open on the first lost write, else on the first fault, unless the address names an op.
    var firstLost = null;
    for (var k = 0; k < ops.length && !firstLost; k++) if (ops[k].lost) firstLost = ops[k];
    var startAt = firstLost ? firstLost.s : D.faults.length ? D.faults[0].start : t0;
    scroller.scrollTop = Math.max(0, yOf(startAt) - 120);
    draw();
    fromHash();
  }

  RC.runTimeline = timeline;
})();
