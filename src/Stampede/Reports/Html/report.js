// Stampede HTML report: draws the charts from the inline JSON data with uPlot. Runs under a CSP that allows
// only this block and uPlot's by hash, so it never evaluates strings or writes inline styles into markup.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('stampede-data').textContent);
  var HEIGHT = 260;
  var colors = { p50: '#1d4ed8', p90: '#0e7c3a', p95: '#b45309', p99: '#b42318', max: '#6d28d9', rps: '#1d4ed8', err: '#b42318', vus: '#52606d', iter: '#0e7c3a', target: '#b45309', cpu: '#6d28d9' };

  function clock(seconds) {
    if (seconds == null) { return '-'; }
    var s = Math.round(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var mm = h > 0 ? String(m).padStart(2, '0') : String(m);
    return (h > 0 ? h + ':' : '') + mm + ':' + String(r).padStart(2, '0');
  }
  function num(v, digits) {
    if (v == null || !isFinite(v)) { return '-'; }
    return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  }
  function ms(v) {
    if (v == null || !isFinite(v)) { return '-'; }
    if (v >= 1000) { return num(v / 1000, 2) + ' s'; }
    return num(v, v < 10 ? 2 : 1) + ' ms';
  }
  function percentileOf(x) { return x <= 1 ? 0 : 100 * (1 - 1 / x); }
  function percentileLabel(x) {
    var decades = Math.round(Math.log10(x));
    if (decades <= 0) { return '0%'; }
    if (decades === 1) { return '90%'; }
    return '99' + (decades > 2 ? '.' + '9'.repeat(decades - 2) : '') + '%';
  }
  function series(label, color, value, extra) {
    var s = { label: label, stroke: color, width: 1.6, value: value, points: { show: false } };
    for (var k in extra) { s[k] = extra[k]; }
    return s;
  }
  function msValue(u, v) { return ms(v); }
  function timeAxis() {
    return { stroke: '#52606d', grid: { stroke: '#e4e7eb' }, ticks: { stroke: '#d9e2ec' }, space: 60,
      incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400],
      values: function (u, splits) { return splits.map(clock); } };
  }
  function yAxis(format, extra) {
    var a = { stroke: '#52606d', grid: { stroke: '#e4e7eb' }, ticks: { stroke: '#d9e2ec' }, size: 64,
      values: function (u, splits) { return splits.map(format); } };
    for (var k in extra) { a[k] = extra[k]; }
    return a;
  }
  function timeSeries() { return { label: 'time', value: function (u, v) { return clock(v); } }; }

  var builders = {
    latency: function () {
      var l = data.latency;
      return { opts: { scales: { x: { time: false } }, series: [timeSeries(),
          series('p50', colors.p50, msValue), series('p90', colors.p90, msValue), series('p95', colors.p95, msValue),
          series('p99', colors.p99, msValue), series('max', 'rgba(109,40,217,0.45)', msValue, { width: 1 })],
        axes: [timeAxis(), yAxis(ms)] },
        data: [data.t, l.p50, l.p90, l.p95, l.p99, l.max] };
    },
    throughput: function () {
      var rate = function (u, v) { return v == null ? '-' : num(v, 1) + '/s'; };
      return { opts: { scales: { x: { time: false } }, series: [timeSeries(),
          series('requests/s', colors.rps, rate, { fill: 'rgba(29,78,216,0.08)' }), series('errors/s', colors.err, rate, { fill: 'rgba(180,35,24,0.10)' })],
        axes: [timeAxis(), yAxis(function (v) { return num(v, 1); })] },
        data: [data.t, data.rps, data.errps] };
    },
    load: function () {
      var rate = function (u, v) { return v == null ? '-' : num(v, 1) + '/s'; };
      var s = [timeSeries(), series('VUs', colors.vus, function (u, v) { return v == null ? '-' : num(v, 0); }, { scale: 'vus', paths: uPlot.paths.stepped({ align: 1 }) })];
      var d = [data.t, data.vus];
      if (data.target) {
        s.push(series('achieved rate', colors.iter, rate, { scale: 'rate' }), series('target rate', colors.target, rate, { scale: 'rate', dash: [6, 4] }));
        d.push(data.achieved, data.target);
      } else {
        s.push(series('iterations/s', colors.iter, rate, { scale: 'rate' }));
        d.push(data.iterps);
      }
      return { opts: { scales: { x: { time: false }, vus: {}, rate: {} }, series: s,
        axes: [timeAxis(), yAxis(function (v) { return num(v, 0); }, { scale: 'vus', label: 'VUs', labelSize: 18 }),
          yAxis(function (v) { return num(v, 1); }, { scale: 'rate', side: 1, grid: { show: false }, label: 'per second', labelSize: 18 })] },
        data: d };
    },
    spectrum: function () {
      var sp = data.spectrum;
      var top = sp.x.length ? Math.max(100, Math.pow(10, Math.ceil(Math.log10(sp.x[sp.x.length - 1])))) : 100;
      return { opts: {
          scales: { x: { time: false, distr: 3, log: 10, range: function () { return [1, top]; } } },
          padding: [8, 36, 0, 0],
          series: [{ label: 'percentile', value: function (u, v) { return v == null ? '-' : num(percentileOf(v), 4) + '%'; } },
            series('latency', colors.p99, msValue, { paths: uPlot.paths.stepped({ align: 1 }) })],
          axes: [{ stroke: '#52606d', grid: { stroke: '#e4e7eb' }, ticks: { stroke: '#d9e2ec' },
              splits: function () { var out = []; for (var v = 1; v <= top; v *= 10) { out.push(v); } return out; },
              // Every decade is labelled while there is room; on a narrow chart every other one.
              values: function (u, splits) {
                var step = u.bbox.width / (window.devicePixelRatio || 1) / splits.length < 72 ? 2 : 1;
                return splits.map(function (v, i) { return i % step === 0 ? percentileLabel(v) : ''; });
              } },
            yAxis(ms)] },
        data: [sp.x, sp.y] };
    },
    cpu: function () {
      var pct = function (u, v) { return v == null ? '-' : num(v, 1) + '%'; };
      return { opts: { scales: { x: { time: false }, y: { range: function (u, min, max) { return [0, Math.max(100, max || 0)]; } } },
          series: [timeSeries(), series('CPU', colors.cpu, pct, { fill: 'rgba(109,40,217,0.08)' })],
          axes: [timeAxis(), yAxis(function (v) { return num(v, 0) + '%'; })] },
        data: [data.t, data.cpu] };
    }
  };

  var plots = [];
  var figures = document.querySelectorAll('figure.chart[data-chart]');
  for (var i = 0; i < figures.length; i++) {
    var figure = figures[i], target = figure.querySelector('.plot');
    var made = builders[figure.getAttribute('data-chart')]();
    if (made.data[0].length === 0) {
      target.classList.add('empty');
      target.textContent = 'No samples in this run.';
      figure.setAttribute('data-drawn', 'empty');
      continue;
    }
    made.opts.width = Math.max(target.clientWidth, 200);
    made.opts.height = HEIGHT;
    made.opts.legend = { live: true };
    made.opts.cursor = { drag: { x: true, y: false } };
    made.opts.hooks = { draw: [(function (fig) { return function () { fig.setAttribute('data-drawn', 'true'); }; })(figure)] };
    plots.push({ plot: new uPlot(made.opts, made.data, target), target: target });
  }

  // Charts follow their grid cell's width when the window is resized.
  var pending = false;
  function resize() {
    pending = false;
    for (var j = 0; j < plots.length; j++) {
      var width = Math.max(plots[j].target.clientWidth, 200);
      if (width !== plots[j].plot.width) { plots[j].plot.setSize({ width: width, height: HEIGHT }); }
    }
  }
  window.addEventListener('resize', function () {
    if (!pending) { pending = true; window.requestAnimationFrame(resize); }
  });
})();
