/* redcheck report: the page of `redcheck check --report`. Draws Porcupine-style lanes. */
(function () {
  'use strict';
  var RC = window.RC;
  var start = performance.now();
  RC.guard(document.getElementById('lanes-root'), 'the linearizability lanes', function (root) {
    var D = RC.data();
    if (!D.lanes.length) {
      root.appendChild(RC.el('p', 'muted', 'Every history is linearizable: no lanes to draw.'));
      return;
    }
    RC.drawAllLanes(root, D.lanes);
  });
  RC.done(start);
})();
