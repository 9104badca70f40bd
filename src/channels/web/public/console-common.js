// Hotline console, shared part: sign-in for this tab, the screens, requests, elements, copy buttons.
// Everything shown is inserted as text (textContent), never as HTML.
'use strict';

(() => {
  const TOKEN_KEY = 'motcua.staffToken';
  const REQUEST_TIMEOUT_MS = 15000;
  const $ = (id) => document.getElementById(id);

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // The personal token lives in sessionStorage: this tab only, gone when it closes.
  const token = () => sessionStorage.getItem(TOKEN_KEY) || '';

  async function request(url, options = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    const headers = { accept: options.accept || 'application/json' };
    if (token()) headers.authorization = `Bearer ${token()}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await fetch(url, {
        method: options.method || 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: controller.signal,
      });
      if (response.ok) return options.raw ? response : response.json();
      const body = await response.json().catch(() => null);
      const message = body && body.error && body.error.message;
      if (response.status === 401) throw new Error('Chưa đăng nhập hoặc mã truy cập không còn hiệu lực.');
      if (response.status === 403) throw new Error('Mã truy cập này không có quyền dùng chức năng này.');
      if (response.status === 404) throw new Error(message || 'Không tìm thấy.');
      if (response.status === 409) throw new Error('Câu hỏi này đã có người trả lời.');
      if (response.status === 429) throw new Error('Tra cứu quá nhiều lần, xin chờ một lát.');
      throw new Error(response.status >= 500 ? 'Hệ thống đang bận, xin thử lại sau.' : message || 'Yêu cầu không hợp lệ.');
    } catch (err) {
      if (err && err.name === 'AbortError') throw new Error('Máy chủ không trả lời kịp, xin thử lại.');
      if (err instanceof TypeError) throw new Error('Không kết nối được tới máy chủ.');
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  // "2026-10-15" or an ISO time → "15/10/2026"
  function ddmmyyyy(value) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value || ''));
    return m ? `${m[3]}/${m[2]}/${m[1]}` : String(value || '');
  }

  function dateTime(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '';
    const parts = new Intl.DateTimeFormat('vi-VN', {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .reduce((acc, p) => ({ ...acc, [p.type]: p.value }), {});
    return `${parts.hour}:${parts.minute} ${parts.day}/${parts.month}/${parts.year}`;
  }

  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const area = el('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }

  /** A button that copies `text()` and says so for a moment. */
  function copyButton(label, text) {
    const button = el('button', label, 'secondary copy');
    button.type = 'button';
    button.addEventListener('click', async () => {
      try {
        await copyText(text());
        button.textContent = 'Đã chép';
      } catch {
        button.textContent = 'Không chép được';
      }
      setTimeout(() => (button.textContent = label), 1500);
    });
    return button;
  }

  // Sign-in
  const listeners = [];
  function showSignedIn(notify = true) {
    const signedIn = Boolean(token());
    $('signed-out').hidden = signedIn;
    $('signed-in').hidden = !signedIn;
    $('token-status').textContent = signedIn ? 'Đã đăng nhập cho thẻ này.' : 'Chưa đăng nhập: chỉ tìm được thủ tục.';
    if (notify) listeners.forEach((fn) => fn(signedIn));
  }
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('token').value.trim();
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    $('token').value = '';
    showSignedIn();
  });
  $('token-clear').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignedIn();
  });

  // Screens: one visible at a time, chosen by the address (#ho-so, #thu-tuc, #hop-thu, #thong-ke).
  const screens = ['ho-so', 'thu-tuc', 'hop-thu', 'thong-ke'];
  const screenListeners = [];
  function showScreen() {
    const wanted = location.hash.slice(1);
    const current = screens.includes(wanted) ? wanted : screens[0];
    for (const id of screens) $(id).hidden = id !== current;
    for (const link of document.querySelectorAll('.tabs a')) {
      if (link.dataset.tab === current) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    screenListeners.forEach((fn) => fn(current));
  }
  window.addEventListener('hashchange', showScreen);

  window.motcuaConsole = {
    $,
    el,
    token,
    request,
    ddmmyyyy,
    dateTime,
    copyButton,
    onSignIn: (fn) => listeners.push(fn),
    onScreen: (fn) => screenListeners.push(fn),
    start() {
      // The screen loads what it shows; signing in later reloads it.
      showSignedIn(false);
      showScreen();
    },
  };
})();
