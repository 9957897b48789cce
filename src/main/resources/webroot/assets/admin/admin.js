// The /admin page: asks once per browser session for an admin token, then shows the counters, the last
// 30 days and the week's top articles from /api/admin/v1. The token is kept in sessionStorage only (never
// in a URL, a cookie or localStorage) and leaves the page only in the Authorization header.
(function () {
  'use strict';
  var API = '/api/admin/v1';
  var TOKEN_KEY = 'portalPulseAdminToken';
  var COUNTERS = ['online', 'today', 'week', 'total', 'visitorsToday'];
  var REFRESH_MS = 60000;
  var CHART_HEIGHT = 260;
  var DAY = 86400;
  // What the API accepts after "Bearer " (RFC 6750's b64token): anything else is refused as malformed,
  // and counts as a failed attempt, so the page says so without asking.
  var TOKEN_FORMAT = /^[A-Za-z0-9._~+\/-]+=*$/;

  var chart = null;
  var refreshTimer = null;
  var unlockTimer = null;
  // Every load and log-out starts a new generation; answers that arrive for an older one are dropped.
  var generation = 0;

  function $(id) {
    return document.getElementById(id);
  }

  // The server's format: digits grouped by dots, as Vietnamese readers write 12.143.077.
  function format(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  }

  // "2026-11-29" (a date in the site's calendar) → "29/11/2026".
  function dayMonthYear(isoDate) {
    var p = isoDate.split('-');
    return p[2] + '/' + p[1] + '/' + p[0];
  }

  // Dates are the site's calendar days: the chart puts each at UTC midnight and draws in UTC, so the
  // labels are the same days whatever the browser's own time zone.
  function utcSeconds(isoDate) {
    var p = isoDate.split('-');
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 1000;
  }

  function dayLabel(seconds) {
    var d = new Date(seconds * 1000);
    return d.getUTCDate() + '/' + (d.getUTCMonth() + 1);
  }

  function setState(state) {
    document.body.setAttribute('data-state', state);
  }

  function show(el, text, isError) {
    el.textContent = text;
    el.classList.toggle('error', !!isError);
    el.hidden = !text;
  }

  function ApiError(status, message, retryAfter) {
    this.status = status;
    this.message = message;
    this.retryAfter = retryAfter;
  }

  function get(path, token) {
    return fetch(API + path, {
      headers: { 'Authorization': 'Bearer ' + token, 'Accept': 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer'
    }).then(function (response) {
      if (response.ok) {
        return response.json();
      }
      var retryAfter = parseInt(response.headers.get('Retry-After'), 10);
      return response.json().catch(function () { return {}; }).then(function (body) {
        throw new ApiError(response.status, body && body.error ? String(body.error) : '', isNaN(retryAfter) ? null : retryAfter);
      });
    }, function () {
      throw new ApiError(0, '', null);
    });
  }

  // The counters first, alone: a wrong token then costs one failed attempt, not three.
  function load(token, confirmed) {
    var mine = ++generation;
    clearTimeout(refreshTimer);
    setState('loading');
    var counters;
    return get('/counters', token).then(function (c) {
      counters = c;
      return Promise.all([get('/views?by=day', token), get('/top?limit=10', token)]);
    }).then(function (results) {
      if (mine !== generation) {
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, token);
      showDashboard();
      showCounters(counters);
      showDays(results[0]);
      showTop(results[1]);
      show($('dashboard-message'), '');
      $('updated').textContent = new Date().toLocaleTimeString('vi-VN');
      setState('ready');
      scheduleRefresh();
    }).catch(function (err) {
      if (mine !== generation) {
        return;
      }
      if (!(err instanceof ApiError)) {
        console.error(err);
        err = new ApiError(-1, String(err), null);
      }
      failed(err, token, confirmed);
    });
  }

  function failed(err, token, confirmed) {
    if (err.status === 401) {
      forget();
      showLogin(confirmed
        ? 'Mã truy cập không còn hiệu lực. Vui lòng nhập lại.'
        : 'Mã truy cập không đúng. Vui lòng kiểm tra và nhập lại (wrong token).');
      return;
    }
    var wait = err.retryAfter || 60;
    var message = err.status === 429
      ? 'Quá nhiều lần thử sai từ địa chỉ này (too many attempts). Vui lòng đợi ' + duration(wait) + ' rồi thử lại.'
      : err.status === 0
        ? 'Không kết nối được máy chủ. Vui lòng thử lại sau.'
        : err.status === -1
          ? 'Lỗi hiển thị số liệu: ' + err.message
          : 'Không tải được số liệu (HTTP ' + err.status + ')' + (err.message ? ': ' + err.message : '.');
    if (confirmed) {
      // The token was good: keep the numbers shown and try again later.
      show($('dashboard-message'), message, true);
      setState('error');
      refreshTimer = setTimeout(function () { load(token, true); }, (err.status === 429 ? wait : 30) * 1000);
    } else {
      showLogin(message, err.status === 429 ? wait : 0);
    }
  }

  function duration(seconds) {
    return seconds < 120 ? seconds + ' giây' : Math.ceil(seconds / 60) + ' phút';
  }

  function scheduleRefresh() {
    refreshTimer = setTimeout(function () {
      var token = sessionStorage.getItem(TOKEN_KEY);
      if (!token) {
        return;
      }
      if (document.hidden) {
        scheduleRefresh();
      } else {
        load(token, true);
      }
    }, REFRESH_MS);
  }

  function showCounters(c) {
    COUNTERS.forEach(function (field) {
      var el = document.querySelector('[data-admin-counter="' + field + '"]');
      el.textContent = typeof c[field] === 'number' ? format(c[field]) : '–';
    });
  }

  function showDays(series) {
    var points = series.points || [];
    $('chart-range').textContent = points.length === 0 ? ''
      : dayMonthYear(series.from) + ' – ' + dayMonthYear(series.to) + ' (múi giờ ' + series.timezone + ')';
    var data = [
      points.map(function (p) { return utcSeconds(p.start); }),
      points.map(function (p) { return p.views; }),
      points.map(function (p) { return p.visitors; })
    ];
    fillDayTable(points);
    if (typeof window.uPlot !== 'function') {
      $('chart').textContent = 'Không tải được thư viện biểu đồ (uPlot).';
      return;
    }
    if (chart) {
      chart.setData(data);
    } else {
      chart = new window.uPlot(chartOptions(), data, $('chart'));
    }
  }

  function chartOptions() {
    var count = function (u, v) { return v == null ? '–' : format(v); };
    var wholeNumbers = [];
    for (var magnitude = 1; magnitude <= 1e12; magnitude *= 10) {
      wholeNumbers.push(magnitude, 2 * magnitude, 5 * magnitude);
    }
    return {
      width: chartWidth(),
      height: CHART_HEIGHT,
      tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1000), 'UTC'); },
      scales: {
        x: { time: true },
        y: { range: function (u, min, max) { return [0, Math.max(5, Math.ceil(max * 1.1))]; } }
      },
      series: [
        { label: 'Ngày', value: function (u, ts) { return ts == null ? '–' : dayLabel(ts); } },
        { label: 'Lượt xem', stroke: '#0b5394', fill: 'rgba(11,83,148,0.10)', width: 2, value: count },
        { label: 'Người xem', stroke: '#d97706', width: 2, value: count }
      ],
      axes: [
        { incrs: [DAY, 2 * DAY, 7 * DAY, 14 * DAY], values: function (u, splits) { return splits.map(dayLabel); } },
        { incrs: wholeNumbers, size: 60, values: function (u, splits) { return splits.map(format); } }
      ]
    };
  }

  // #chart clips its canvas (admin.css), so its width is the column's, never the canvas's last size.
  function chartWidth() {
    return Math.max(200, $('chart').clientWidth);
  }

  // The numbers behind the chart, for screen readers and for reading exact values.
  function fillDayTable(points) {
    var body = $('days').tBodies[0];
    body.textContent = '';
    points.slice().reverse().forEach(function (p) {
      var row = body.insertRow();
      row.setAttribute('data-day', p.start);
      row.insertCell().textContent = dayMonthYear(p.start);
      numberCell(row, p.views);
      numberCell(row, p.visitors);
    });
  }

  // Pages: our articles link to themselves; a page another CMS serves shows its title, its path on hover.
  function showTop(top) {
    var pages = top.pages || [];
    $('top-range').textContent = dayMonthYear(top.from) + ' – ' + dayMonthYear(top.to);
    var body = $('top').tBodies[0];
    body.textContent = '';
    pages.forEach(function (p, i) {
      var row = body.insertRow();
      row.setAttribute('data-path', p.path);
      row.insertCell().textContent = String(i + 1);
      var name;
      if (p.slug) {
        row.setAttribute('data-slug', p.slug);
        name = document.createElement('a');
        name.href = p.path;
      } else {
        name = document.createElement('span');
        name.title = p.path;
      }
      name.textContent = p.title || p.path;
      row.insertCell().appendChild(name);
      numberCell(row, p.views);
    });
    $('top').hidden = pages.length === 0;
    $('top-empty').hidden = pages.length !== 0;
  }

  function numberCell(row, n) {
    var cell = row.insertCell();
    cell.className = 'num';
    cell.textContent = format(n);
  }

  function showDashboard() {
    $('login').hidden = true;
    $('dashboard').hidden = false;
    $('logout').hidden = false;
  }

  function showLogin(message, waitSeconds) {
    $('dashboard').hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    show($('login-message'), message || '', !!message);
    lockFor(waitSeconds || 0);
    setState('login');
    $('token').focus();
  }

  // After a 429 the button waits as long as the server asked, so a retry is not one more failure.
  function lockFor(seconds) {
    clearTimeout(unlockTimer);
    var button = $('login-submit');
    button.disabled = seconds > 0;
    if (seconds > 0) {
      unlockTimer = setTimeout(function () { button.disabled = false; }, seconds * 1000);
    }
  }

  function forget() {
    sessionStorage.removeItem(TOKEN_KEY);
    generation++;
    clearTimeout(refreshTimer);
    if (chart) {
      chart.destroy();
      chart = null;
    }
    COUNTERS.forEach(function (field) {
      document.querySelector('[data-admin-counter="' + field + '"]').textContent = '–';
    });
    $('days').tBodies[0].textContent = '';
    $('top').tBodies[0].textContent = '';
  }

  $('login-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var input = $('token');
    var token = input.value.trim();
    input.value = '';
    if (!token) {
      return;
    }
    if (!TOKEN_FORMAT.test(token)) {
      show($('login-message'), 'Mã truy cập không đúng định dạng: chỉ gồm chữ cái không dấu, chữ số và . _ ~ + / - (wrong token).', true);
      $('token').focus();
      return;
    }
    show($('login-message'), 'Đang kiểm tra…');
    load(token, false);
  });

  $('logout').addEventListener('click', function () {
    forget();
    showLogin('Đã đăng xuất. Mã truy cập đã được xoá khỏi trình duyệt.');
    $('login-message').classList.remove('error');
  });

  $('refresh').addEventListener('click', function () {
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      load(token, true);
    }
  });

  function fitChart() {
    if (chart) {
      chart.setSize({ width: chartWidth(), height: CHART_HEIGHT });
    }
  }
  // Some phones report the new width only after orientationchange, not with the resize before it.
  window.addEventListener('resize', fitChart);
  window.addEventListener('orientationchange', fitChart);

  var saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) {
    showDashboard();
    load(saved, true);
  } else {
    showLogin();
  }
}());
