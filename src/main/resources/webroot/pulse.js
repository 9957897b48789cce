// Portal Pulse: counts this page's view once shown, keeps [data-pulse] numbers live. No cookie, storage or id.
(function () {
  var script = document.currentScript; // set only during this first run
  var base = script && /^https?:\/\/[^\/?#]+/i.exec(script.src);
  if (!base) return;
  base = base[0];
  var params = ',' + (script.getAttribute('data-params') || '').replace(/\s/g, '') + ',';
  var delay = 1000, counted, socket, timer, page;

  // A prerendered or background page counts when first shown.
  function whenShown() {
    if (counted || document.prerendering || document.visibilityState != 'visible') return;
    counted = true;
    // The canonical path: all addresses of an article are one page; the server normalises it.
    var where = document.createElement('a');
    where.href = (document.querySelector('link[rel~=canonical]') || location).href;
    var query = where.search.slice(1).split('&').filter(function (pair) {
      var name = pair.split('=')[0];
      return name && params.indexOf(',' + name + ',') >= 0;
    }).join('&');
    page = where.pathname + (query && '?' + query);
    var url = base + '/api/v1/views', body = JSON.stringify({p: page, t: document.title.slice(0, 200)});
    if (!(navigator.sendBeacon && navigator.sendBeacon(url, body)) && window.fetch) { // text/plain: no preflight
      fetch(url, {method: 'POST', body: body, keepalive: true, mode: 'no-cors', credentials: 'omit'}).catch(function () {});
    }
    if (window.WebSocket) connect();
  }

  function connect() {
    try {
      socket = new WebSocket(base.replace(/^http/, 'ws') + '/ws/stats?page=' + encodeURIComponent(page));
    } catch (e) {
      return; // a CSP or mixed-content refusal is final
    }
    socket.onmessage = function (event) {
      delay = 1000;
      try {
        show(JSON.parse(event.data));
      } catch (e) {}
    };
    socket.onclose = function () { // 1 s doubling to 30 s, jittered
      timer = setTimeout(connect, delay / 2 + Math.random() * delay / 2);
      delay = Math.min(delay * 2, 30000);
    };
  }

  function show(frame) {
    for (var name in frame) {
      var text = String(frame[name]).replace(/\B(?=(\d{3})+(?!\d))/g, '.'); // 12.143.077
      var els = document.querySelectorAll('[data-pulse="' + name + '"]');
      for (var i = 0; i < els.length; i++) {
        var el = els[i], style = el.style;
        if (el.textContent == text) continue;
        if (!style.minWidth) { // keep the drawn width: nothing moves
          style.minWidth = el.getBoundingClientRect().width + 'px';
          style.boxSizing = 'border-box';
          style.fontVariantNumeric = 'tabular-nums';
          if (getComputedStyle(el).display == 'inline') style.display = 'inline-block';
        }
        el.textContent = text;
      }
    }
  }

  // element.style needs no 'unsafe-inline' in the portal's CSP; <style> would.
  function make(parent, tag, styles, text) {
    var el = parent.appendChild(document.createElement(tag));
    for (var property in styles) el.style[property] = styles[property];
    el.textContent = text;
    return el;
  }

  // A fixed height: numbers arriving move nothing below the box.
  function buildBox(host) {
    host.textContent = '';
    var box = make(host, 'div', {height: '120px', overflow: 'hidden', padding: '10px', border: '1px solid #ccc', lineHeight: '24px'}, '');
    make(box, 'b', {}, 'Thống kê truy cập');
    [['online', 'Đang online'], ['today', 'Hôm nay'], ['week', 'Trong tuần'], ['total', 'Tất cả']].forEach(function (row) {
      make(make(box, 'div', {}, row[1]), 'b', {cssFloat: 'right'}, '…').setAttribute('data-pulse', row[0]);
    });
  }

  function start() {
    [].forEach.call(document.querySelectorAll('[data-pulse-box]'), buildBox);
    document.addEventListener('prerenderingchange', whenShown);
    document.addEventListener('visibilitychange', whenShown);
    whenShown();
  }

  addEventListener('pageshow', function (event) {
    if (event.persisted && counted) connect(); // from the page cache: not counted again
  });
  addEventListener('pagehide', function () {
    clearTimeout(timer);
    if (socket) {
      socket.onclose = null;
      socket.close(1000); // "Đang online" drops at once
    }
  });

  if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
