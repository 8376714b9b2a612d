/* redcheck report: helpers shared by every page. Plain browser JavaScript, no network.
 * Every value from the data is shown with textContent, never as markup. */
(function () {
  'use strict';
  var RC = (window.RC = {});

  RC.COLORS = {
    ok: '#2f7ed8',
    fail: '#d7263d',
    info: '#f29e0b',
    pending: '#9aa3ad',
    lost: '#6b21a8',
    fault: 'rgba(255, 153, 0, 0.16)',
    faultEdge: 'rgba(230, 120, 0, 0.7)',
    instant: 'rgba(200, 30, 30, 0.85)',
  };

  /** The colour of an op's outcome (`ok`, `fail`, `info`), grey for anything else. */
  RC.typeColor = function (t) {
    return RC.COLORS[t] || RC.COLORS.pending;
  };

  /** The page's embedded data. */
  RC.data = function () {
    var node = document.getElementById('redcheck-data');
    return JSON.parse(node ? node.textContent : 'null');
  };

  /** A new element with a class and text (text set with textContent). */
  RC.el = function (tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };

  /** Run fn(container); an exception leaves a message in the container instead of a broken page. */
  RC.guard = function (container, what, fn) {
    if (!container) return;
    try {
      fn(container);
    } catch (e) {
      var box = RC.el('div', 'render-error');
      box.textContent = 'Could not draw ' + what + ': ' + (e && e.message ? e.message : String(e));
      container.appendChild(box);
      RC.failures = (RC.failures || 0) + 1;
    }
  };

  /** Mark the page as drawn (tests and the bench wait for this). */
  RC.done = function (start) {
    var ms = Math.round(performance.now() - start);
    var status = document.getElementById('render-status');
    if (status) status.textContent = 'drawn in ' + ms + ' ms' + (RC.failures ? ', ' + RC.failures + ' part(s) failed' : '');
    document.documentElement.setAttribute('data-rendered', String(ms));
  };

  /** The one floating tooltip of the page; text only. */
  var tip;
  RC.showTip = function (text, clientX, clientY) {
    if (!tip) {
      tip = RC.el('pre', 'tooltip');
      document.body.appendChild(tip);
    }
    tip.textContent = text;
    tip.style.display = 'block';
    var w = tip.offsetWidth;
    var h = tip.offsetHeight;
    var x = clientX + 14;
    var y = clientY + 14;
    if (x + w > window.innerWidth - 8) x = Math.max(8, clientX - w - 14);
    if (y + h > window.innerHeight - 8) y = Math.max(8, clientY - h - 14);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  };
  RC.hideTip = function () {
    if (tip) tip.style.display = 'none';
  };

  /** The page's plots, in order drawn (the browser test reads their x scales). */
  RC.plots = [];
  RC.track = function (u) {
    RC.plots.push(u);
    return u;
  };

  /** Every time plot of a run page shares one x axis: 0 to the end of the run (s). */
  RC.runXScale = function (D) {
    return {
      time: false,
      range: function () {
        return [0, D.durationS > 0 ? D.durationS : 1];
      },
    };
  };

  /** A uPlot plugin shading fault intervals and marking instantaneous faults and failovers. */
  RC.faultPlugin = function (faults, failovers) {
    faults = faults || [];
    failovers = failovers || [];
    return {
      hooks: {
        drawClear: [
          function (u) {
            var ctx = u.ctx;
            var top = u.bbox.top;
            var height = u.bbox.height;
            ctx.save();
            ctx.fillStyle = RC.COLORS.fault;
            faults.forEach(function (f) {
              if (f.instant) return;
              var x0 = u.valToPos(f.start, 'x', true);
              var x1 = u.valToPos(f.end === undefined ? u.scales.x.max : f.end, 'x', true);
              var left = Math.max(u.bbox.left, x0);
              var right = Math.min(u.bbox.left + u.bbox.width, x1);
              if (right > left) ctx.fillRect(left, top, right - left, height);
            });
            ctx.restore();
          },
        ],
        draw: [
          function (u) {
            var ctx = u.ctx;
            ctx.save();
            ctx.lineWidth = Math.max(1, devicePixelRatio);
            var line = function (t, color, dash) {
              var x = u.valToPos(t, 'x', true);
              if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
              ctx.strokeStyle = color;
              ctx.setLineDash(dash);
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
            };
            faults.forEach(function (f) {
              if (f.instant) line(f.start, RC.COLORS.instant, [4 * devicePixelRatio, 3 * devicePixelRatio]);
              else {
                line(f.start, RC.COLORS.faultEdge, []);
                if (f.end !== undefined) line(f.end, RC.COLORS.faultEdge, []);
              }
            });
            failovers.forEach(function (f) {
              line(f.t, RC.COLORS.lost, [2 * devicePixelRatio, 2 * devicePixelRatio]);
            });
            ctx.restore();
          },
        ],
      },
    };
  };

  /** Width for a plot in `container`. */
  RC.widthOf = function (container) {
    return Math.max(480, Math.min(1400, container.clientWidth || 900));
  };

  /** A heading and note above a plot. */
  RC.plotHeader = function (container, title, note) {
    container.appendChild(RC.el('h3', null, title));
    if (note) container.appendChild(RC.el('p', 'note', note));
  };

  function laneColor(op) {
    if (op.bad) return RC.COLORS.fail;
    if (op.order > 0) return '#3a9d5d';
    return RC.COLORS.pending;
  }

  /**
   * Porcupine-style lanes for one partition of a linearizability check: one row per process,
   * ops placed on a compact axis of event positions, numbered in the order of the longest
   * linearizable prefix, unplaceable ops in red.
   */
  RC.drawLanes = function (container, part) {
    var box = RC.el('div', 'lanes-part');
    var head = RC.el('div', 'lanes-head');
    head.appendChild(RC.el('span', 'pill pill-' + (part.valid === true ? 'valid' : part.valid === false ? 'invalid' : 'unknown'), part.valid === true ? 'linearizable' : part.valid === false ? 'not linearizable' : 'unknown'));
    head.appendChild(RC.el('span', 'lanes-key', ' key ' + part.key + ' · ' + part.source));
    box.appendChild(head);
    var facts = RC.el('p', 'muted');
    facts.textContent =
      'Longest linearizable prefix: ' + part.prefixLength + ' ops. ' +
      (part.ops.length < part.total ? 'Showing ' + part.ops.length + ' of ' + part.total + ' ops of this key, around the first op that could not be placed. ' : '') +
      'Green: in the prefix (numbered in linearization order); red: could not be placed after it; grey: not reached.';
    box.appendChild(facts);
    var st = RC.el('div', 'lanes-state');
    st.appendChild(RC.el('span', 'k', 'model state after the prefix: '));
    st.appendChild(RC.el('code', null, part.state));
    box.appendChild(st);
    if (part.unplaced.length) {
      var d = RC.el('details', 'unplaced');
      d.open = part.unplaced.length <= 5;
      d.appendChild(RC.el('summary', null, part.unplaced.length + ' op(s) could not be placed'));
      var ul = RC.el('ul');
      part.unplaced.slice(0, 50).forEach(function (t) {
        ul.appendChild(RC.el('li', 'mono', t));
      });
      if (part.unplaced.length > 50) ul.appendChild(RC.el('li', 'muted', '... and ' + (part.unplaced.length - 50) + ' more'));
      d.appendChild(ul);
      box.appendChild(d);
    }
    var maxE = 1;
    part.ops.forEach(function (o) {
      if (o.e > maxE) maxE = o.e;
    });
    var labelW = 110;
    var avail = Math.max(400, (container.clientWidth || 1000) - labelW - 20);
    var unit = Math.max(8, avail / (maxE + 1));
    var rowH = 24;
    var scroll = RC.el('div', 'lanes-scroll');
    var area = RC.el('div', 'lanes-area');
    area.style.height = part.lanes.length * rowH + 8 + 'px';
    area.style.width = labelW + (maxE + 1) * unit + 'px';
    part.lanes.forEach(function (name, i) {
      var lab = RC.el('div', 'lane-label', name);
      lab.style.top = i * rowH + 'px';
      lab.style.width = labelW - 8 + 'px';
      area.appendChild(lab);
      var rule = RC.el('div', 'lane-rule');
      rule.style.top = i * rowH + rowH - 2 + 'px';
      rule.style.left = labelW + 'px';
      area.appendChild(rule);
    });
    var firstBad = null;
    part.ops.forEach(function (o) {
      var b = RC.el('div', 'lane-op' + (o.bad ? ' bad' : o.order > 0 ? ' placed' : ''), o.order > 0 ? String(o.order) : o.bad ? '✗' : '');
      b.style.left = labelW + o.s * unit + 'px';
      b.style.width = Math.max(6, (o.e - o.s) * unit - 2) + 'px';
      b.style.top = o.l * rowH + 3 + 'px';
      b.style.background = laneColor(o);
      b.addEventListener('mousemove', function (ev) {
        RC.showTip(o.text, ev.clientX, ev.clientY);
      });
      b.addEventListener('mouseleave', RC.hideTip);
      if (o.bad && (!firstBad || o.s < firstBad.s)) firstBad = { s: o.s, el: b };
      area.appendChild(b);
    });
    scroll.appendChild(area);
    box.appendChild(scroll);
    container.appendChild(box);
    return firstBad ? firstBad.el : null;
  };

  /** Draw every partition and a "jump to the first error" button above them. */
  RC.drawAllLanes = function (root, parts) {
    if (!parts || !parts.length) return;
    var bar = RC.el('div', 'lanes-bar');
    var jump = RC.el('button', 'jump', 'Jump to the first error');
    jump.type = 'button';
    jump.id = 'jump-first-error';
    bar.appendChild(jump);
    root.appendChild(bar);
    var firstBad = null;
    parts.forEach(function (p) {
      RC.guard(root, 'the lanes of key ' + p.key, function () {
        var bad = RC.drawLanes(root, p);
        if (bad && !firstBad) firstBad = bad;
      });
    });
    if (!firstBad) jump.disabled = true;
    jump.addEventListener('click', function () {
      if (!firstBad) return;
      firstBad.scrollIntoView({ block: 'center', inline: 'center' });
      firstBad.classList.remove('flash');
      void firstBad.offsetWidth;
      firstBad.classList.add('flash');
    });
  };
})();
