// Stampede charts, shared by the HTML report and the live dashboard: builds uPlot charts from Stampede's chart data
// (see HtmlChartData: per-interval arrays t, latency.p50…, rps, errps, vus, iterps, target, achieved, cpu, the HDR
// spectrum and load-change markers). Defines window.StampedeCharts; never evaluates strings or writes inline styles,
// so it runs under a CSP that allows only known scripts.
(function () {
  'use strict';
  var HEIGHT = 260;
  var colors = { p50: '#1d4ed8', p90: '#0e7c3a', p95: '#b45309', p99: '#b42318', max: '#6d28d9', rps: '#1d4ed8', err: '#b42318', vus: '#52606d', iter: '#0e7c3a', target: '#b45309', cpu: '#6d28d9', marker: '#9f1239' };

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
  function perSecond(u, v) { return v == null ? '-' : num(v, 1) + '/s'; }

  var builders = {
    latency: function (data) {
      var l = data.latency;
      return { timed: true, opts: { scales: { x: { time: false } }, series: [timeSeries(),
          series('p50', colors.p50, msValue), series('p90', colors.p90, msValue), series('p95', colors.p95, msValue),
          series('p99', colors.p99, msValue), series('max', 'rgba(109,40,217,0.45)', msValue, { width: 1 })],
        axes: [timeAxis(), yAxis(ms)] },
        data: [data.t, l.p50, l.p90, l.p95, l.p99, l.max] };
    },
    throughput: function (data) {
      return { timed: true, opts: { scales: { x: { time: false } }, series: [timeSeries(),
          series('requests/s', colors.rps, perSecond, { fill: 'rgba(29,78,216,0.08)' }), series('errors/s', colors.err, perSecond, { fill: 'rgba(180,35,24,0.10)' })],
        axes: [timeAxis(), yAxis(function (v) { return num(v, 1); })] },
        data: [data.t, data.rps, data.errps] };
    },
    load: function (data) {
      var s = [timeSeries(), series('VUs', colors.vus, function (u, v) { return v == null ? '-' : num(v, 0); }, { scale: 'vus', paths: uPlot.paths.stepped({ align: 1 }) })];
      var d = [data.t, data.vus];
      if (data.target) {
        s.push(series('achieved rate', colors.iter, perSecond, { scale: 'rate' }), series('target rate', colors.target, perSecond, { scale: 'rate', dash: [6, 4] }));
        d.push(data.achieved, data.target);
      } else {
        s.push(series('iterations/s', colors.iter, perSecond, { scale: 'rate' }));
        d.push(data.iterps);
      }
      return { timed: true, opts: { scales: { x: { time: false }, vus: {}, rate: {} }, series: s,
        axes: [timeAxis(), yAxis(function (v) { return num(v, 0); }, { scale: 'vus', label: 'VUs', labelSize: 18 }),
          yAxis(function (v) { return num(v, 1); }, { scale: 'rate', side: 1, grid: { show: false }, label: 'per second', labelSize: 18 })] },
        data: d };
    },
    spectrum: function (data) {
      var sp = data.spectrum;
      var top = sp.x.length ? Math.max(100, Math.pow(10, Math.ceil(Math.log10(sp.x[sp.x.length - 1])))) : 100;
      return { timed: false, opts: {
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
    cpu: function (data) {
      var pct = function (u, v) { return v == null ? '-' : num(v, 1) + '%'; };
      return { timed: true, opts: { scales: { x: { time: false }, y: { range: function (u, min, max) { return [0, Math.max(100, max || 0)]; } } },
          series: [timeSeries(), series('CPU', colors.cpu, pct, { fill: 'rgba(109,40,217,0.08)' })],
          axes: [timeAxis(), yAxis(function (v) { return num(v, 0) + '%'; })] },
        data: [data.t, data.cpu] };
    }
  };

  // Load changes (VUs or rate set while the test ran) as dashed vertical lines with their label, on every time chart.
  function markers(chart) {
    return function (u) {
      var changes = chart.data.changes || [];
      chart.figure.setAttribute('data-markers', String(changes.length));
      if (!changes.length) { return; }
      var ctx = u.ctx, top = u.bbox.top, bottom = u.bbox.top + u.bbox.height, ratio = window.devicePixelRatio || 1;
      ctx.save();
      ctx.strokeStyle = colors.marker;
      ctx.fillStyle = colors.marker;
      ctx.lineWidth = ratio;
      ctx.setLineDash([4 * ratio, 3 * ratio]);
      ctx.font = (11 * ratio) + 'px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      for (var i = 0; i < changes.length; i++) {
        var x = Math.round(u.valToPos(changes[i].t, 'x', true));
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) { continue; }
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.stroke();
        ctx.fillText(changes[i].label, x + 3 * ratio, top + 2 * ratio + (i % 3) * 13 * ratio);
      }
      ctx.restore();
    };
  }

  // One chart in a figure: draws it, and redraws it with new data (the dashboard calls update every second).
  function Chart(figure, data) {
    this.figure = figure;
    this.name = figure.getAttribute('data-chart');
    this.target = figure.querySelector('.plot');
    this.plot = null;
    this.update(data);
  }
  Chart.prototype.update = function (data) {
    this.data = data;
    var made = builders[this.name](data);
    this.figure.setAttribute('data-points', String(made.data[0].length));
    if (made.data[0].length === 0) {
      if (this.plot) { this.plot.destroy(); this.plot = null; }
      this.target.classList.add('empty');
      this.target.textContent = this.figure.getAttribute('data-empty') || 'No samples in this run.';
      this.figure.setAttribute('data-drawn', 'empty');
      return;
    }
    if (this.plot && this.plot.series.length === made.opts.series.length) {
      this.plot.setData(made.data);
      return;
    }
    if (this.plot) { this.plot.destroy(); }
    this.target.classList.remove('empty');
    this.target.textContent = '';
    var figure = this.figure;
    made.opts.width = Math.max(this.target.clientWidth, 200);
    made.opts.height = HEIGHT;
    made.opts.legend = { live: true };
    made.opts.cursor = { drag: { x: true, y: false } };
    made.opts.hooks = { draw: [function () { figure.setAttribute('data-drawn', 'true'); }] };
    if (made.timed) { made.opts.hooks.draw.unshift(markers(this)); }
    this.plot = new uPlot(made.opts, made.data, this.target);
  };
  Chart.prototype.resize = function () {
    if (!this.plot) { return; }
    var width = Math.max(this.target.clientWidth, 200);
    if (width !== this.plot.width) { this.plot.setSize({ width: width, height: HEIGHT }); }
  };

  // Draws every figure.chart[data-chart] under root; charts follow their grid cell's width when the window is resized.
  function drawAll(root, data) {
    var charts = [];
    var figures = root.querySelectorAll('figure.chart[data-chart]');
    for (var i = 0; i < figures.length; i++) { charts.push(new Chart(figures[i], data)); }
    var pending = false;
    window.addEventListener('resize', function () {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        for (var j = 0; j < charts.length; j++) { charts[j].resize(); }
      });
    });
    return charts;
  }

  window.StampedeCharts = { drawAll: drawAll, clock: clock, num: num, ms: ms };
})();
