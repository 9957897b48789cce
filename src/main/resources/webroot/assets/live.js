// Keeps the "Thống kê truy cập" box and the article's "Lượt xem" current without a reload.
// The page is complete without this script: it only replaces numbers the server already rendered.
(function () {
  'use strict';
  if (!('WebSocket' in window)) {
    return;
  }
  var FIELDS = ['online', 'today', 'week', 'total', 'views'];
  var MIN_DELAY_MS = 1000;
  var MAX_DELAY_MS = 30000;
  var article = document.body.getAttribute('data-live-article');
  var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/stats' +
      (article ? '?article=' + encodeURIComponent(article) : '');
  var delay = MIN_DELAY_MS;
  var socket = null;

  // The server's format: digits grouped by dots, as Vietnamese readers write 12.143.077.
  function format(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  }

  function show(numbers) {
    FIELDS.forEach(function (field) {
      if (typeof numbers[field] !== 'number') {
        return;
      }
      var text = format(numbers[field]);
      document.querySelectorAll('[data-counter="' + field + '"]').forEach(function (el) {
        if (el.textContent !== text) {
          el.textContent = text;
        }
      });
    });
  }

  function connect() {
    socket = new WebSocket(url);
    socket.onmessage = function (event) {
      delay = MIN_DELAY_MS; // a frame means the connection works: the next drop starts the backoff afresh
      try {
        show(JSON.parse(event.data));
      } catch (e) {
        // A frame we cannot read changes nothing on the page.
      }
    };
    socket.onclose = function () {
      socket = null;
      // Exponential backoff with jitter, so a restarted server is not hit by every page at once.
      var wait = delay / 2 + Math.random() * delay / 2;
      delay = Math.min(delay * 2, MAX_DELAY_MS);
      setTimeout(connect, wait);
    };
  }

  // Closing the socket as the page goes lets "Đang online" drop promptly.
  window.addEventListener('pagehide', function () {
    if (socket) {
      socket.onclose = null;
      socket.close(1000);
    }
  });
  window.addEventListener('pageshow', function (event) {
    if (event.persisted && !socket) {
      connect(); // back from the browser's page cache
    }
  });
  connect();
})();
