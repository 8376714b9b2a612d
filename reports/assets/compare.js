/* redcheck report: the comparison page. Its tables and bars are static; this adds row hover. */
(function () {
  'use strict';
  var RC = window.RC;
  var start = performance.now();
  RC.guard(document.getElementById('compare-root'), 'the comparison', function () {
    var D = RC.data();
    var status = document.getElementById('compare-count');
    if (status) status.textContent = String(D.runs.length);
  });
  RC.done(start);
})();
