/* redcheck report: the run page. Draws plots, the timeline and lanes from the embedded data:
 * runPlots.js and runTimeline.js (inlined before this file) draw them; this file reads the data
 * and puts each in its place. */
(function () {
  'use strict';
  var RC = window.RC;
  var start = performance.now();
  var D;
  try {
    D = RC.data();
  } catch (e) {
    var main = document.querySelector('main') || document.body;
    var box = RC.el('div', 'render-error', 'Could not read the embedded data: ' + (e && e.message ? e.message : String(e)));
    main.insertBefore(box, main.firstChild);
    RC.done(start);
    return;
  }

  function copyButton() {
    var btn = document.getElementById('copy-command');
    var pre = document.getElementById('rerun-command');
    if (!btn || !pre) return;
    btn.addEventListener('click', function () {
      var text = pre.textContent || '';
      var selectIt = function () {
        var range = document.createRange();
        range.selectNodeContents(pre);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        btn.textContent = 'Selected: press Ctrl+C';
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () {
          btn.textContent = 'Copied';
        }, selectIt);
      } else selectIt();
    });
  }

  function section(id, what, fn) {
    RC.guard(document.getElementById(id), what, fn);
  }

  section('plot-throughput', 'the throughput plot', function (root) {
    RC.runPlots.throughput(root, D);
  });
  section('plot-latency', 'the latency plot', function (root) {
    RC.runPlots.latency(root, D);
  });
  section('plot-quantiles', 'the latency quantiles plot', function (root) {
    RC.runPlots.quantiles(root, D);
  });
  section('timeline-root', 'the timeline', function (root) {
    RC.runTimeline(root, D);
  });
  section('lanes-root', 'the linearizability lanes', function (root) {
    RC.drawAllLanes(root, D.lanes);
  });
  RC.guard(document.body, 'the copy button', copyButton);
  RC.done(start);
})();
