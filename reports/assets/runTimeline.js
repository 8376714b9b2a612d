/* redcheck report: the run page's Jepsen-style timeline of ops, one column per process, on one
 * canvas redrawn for the visible part on scroll, one window of the run at a time (the overview,
 * runTimelineOverview.js, picks one). Registers RC.runTimeline; run.js calls it. */
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

  /** One window's ops on one canvas, one column per process, time downwards; redrawn on scroll. */
  function drawWindow(root, D, TL, ops, detail) {
    var t0 = Infinity;
    var t1 = -Infinity;
    var lastS = -Infinity;
    ops.forEach(function (o) {
      if (o.s < t0) t0 = o.s;
      if (o.s > lastS) lastS = o.s;
    });
    // To a little after the last invoke: an op that hangs for seconds does not stretch the window.
    var tail = Math.max(0.002, (lastS - t0) * 0.1);
    ops.forEach(function (o) {
      t1 = Math.max(t1, Math.min(o.e, lastS + tail));
    });
    var span = Math.max(t1 - t0, 1e-6);
    // The window's own columns: only the processes that have ops in it.
    var cols = [];
    var colOf = {};
    ops.forEach(function (o) {
      if (colOf[o.c] === undefined) {
        colOf[o.c] = -1;
        cols.push(o.c);
      }
    });
    cols.sort(function (a, b) {
      return a - b;
    });
    cols.forEach(function (c, k) {
      colOf[c] = k;
    });
    var nCols = cols.length;
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
    root.appendChild(wrap);

    var viewW = Math.max(320, root.clientWidth || 900);
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
    cols.forEach(function (c, i) {
      var l = RC.el('span', 'tl-col-label', TL.processes[c]);
      l.style.left = gutter + i * colW + 'px';
      l.style.width = colW + 'px';
      headInner.appendChild(l);
    });
    header.appendChild(headInner);
    header.style.width = canvasW + 'px';

    var byCol = [];
    for (var c = 0; c < nCols; c++) byCol.push([]);
    ops.forEach(function (o) {
      byCol[colOf[o.c]].push(o);
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
          scroller.scrollLeft = Math.max(0, gutter + colOf[o.c] * colW - canvasW / 2);
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
    // Open on the window's first lost write, else its first fault, else its start.
    var firstLost = null;
    for (var k = 0; k < ops.length && !firstLost; k++) if (ops[k].lost) firstLost = ops[k];
    var fault = null;
    D.faults.forEach(function (f) {
      if (!fault && f.start >= t0 && f.start <= t1) fault = f;
    });
    var startAt = firstLost ? firstLost.s : fault ? fault.start : t0;
    scroller.scrollTop = Math.max(0, yOf(startAt) - 120);
    draw();
    return { select: select };

  }

  /** The timeline: the whole run as an overview, and the ops of one window at a time. */
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
    var windows = TL.windows && TL.windows.length ? TL.windows : [{ why: TL.window, at: 0, from: 0, to: D.durationS, count: TL.ops.length }];
    var byWin = windows.map(function () {
      return [];
    });
    TL.ops.forEach(function (o) {
      (byWin[o.w] || byWin[0]).push(o);
    });
    var over = RC.timelineOverview(root, D, windows, function (k) {
      show(k, null);
    });
    var nav = RC.el('div', 'tl-nav');
    var prev = RC.el('button', 'tl-prev', '◀ earlier');
    var next = RC.el('button', 'tl-next', 'later ▶');
    prev.type = next.type = 'button';
    var label = RC.el('span', 'tl-window-label');
    label.id = 'timeline-window';
    nav.appendChild(prev);
    nav.appendChild(next);
    nav.appendChild(label);
    root.appendChild(nav);
    var detailRoot = RC.el('div', 'tl-window');
    root.appendChild(detailRoot);
    var detail = RC.el('pre', 'tl-detail', 'Hover over an op to see it; click to link to it.');
    detail.id = 'timeline-detail';
    root.appendChild(detail);
    var current = -1;
    var view = null;
    function show(k, op) {
      if (k !== current) {
        current = k;
        while (detailRoot.firstChild) detailRoot.removeChild(detailRoot.firstChild);
        var w = windows[k];
        label.textContent = 'window ' + (k + 1) + ' of ' + windows.length + ': ' + w.why + '; ' + w.from.toFixed(3) + ' s to ' + w.to.toFixed(3) + ' s, ' + w.count.toLocaleString() + ' ops';
        prev.disabled = k === 0;
        next.disabled = k === windows.length - 1;
        over.mark(k);
        view = drawWindow(detailRoot, D, TL, byWin[k], detail);
      }
      if (op) view.select(op, true);
    }
    prev.addEventListener('click', function () {
      if (current > 0) show(current - 1, null);
    });
    next.addEventListener('click', function () {
      if (current < windows.length - 1) show(current + 1, null);
    });
    function fromHash() {
      var m = /^#op-(\d+)$/.exec(location.hash);
      if (!m) return;
      var i = Number(m[1]);
      var found = null;
      for (var k = 0; k < TL.ops.length; k++) if (TL.ops[k].i === i) found = TL.ops[k];
      if (found) {
        root.scrollIntoView({ block: 'start' });
        show(found.w || 0, found);
      } else detail.textContent = 'op #' + i + ' is outside the windows the timeline holds (' + TL.window + ').';
    }
    window.addEventListener('hashchange', fromHash);
    // Open on the window of the first lost write, else of the first fault, unless the address names an op.
    var first = 0;
    var lost = null;
    for (var k = 0; k < TL.ops.length && !lost; k++) if (TL.ops[k].lost) lost = TL.ops[k];
    if (lost) first = lost.w || 0;
    else if (D.faults.length) {
      windows.forEach(function (w, j) {
        if (w.from <= D.faults[0].start && D.faults[0].start <= w.to) first = j;
      });
    }
    show(first, null);
    fromHash();
  }

  RC.runTimeline = timeline;
})();
