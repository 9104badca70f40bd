// Một Cửa web chat: plain script, no framework. Everything shown is inserted as text.
'use strict';

(() => {
  // v2: the session id is the one the server issued (v1 made its own, which the server no longer accepts).
  const STORE_KEY = 'motcua.chat.v2';
  const POLL_MS = 15000;
  const REQUEST_TIMEOUT_MS = 20000;
  const MAX_KEPT = 100;

  const WELCOME = {
    from: 'bot',
    text: 'Xin chào! Mình là trợ lý Một Cửa. Mình có thể cho bạn biết cần giấy tờ gì, lệ phí, thời hạn, nộp ở đâu cho một thủ tục hành chính, và tra cứu tình trạng hồ sơ bằng mã trên giấy biên nhận.',
  };
  const WELCOME_SUGGESTIONS = ['Làm giấy khai sinh cần giấy tờ gì?', 'Lệ phí đăng ký khai sinh', 'Tra cứu hồ sơ'];

  const MESSAGES = {
    busy: 'Hệ thống đang bận hoặc tạm gián đoạn. Bạn vui lòng thử lại sau ít phút.',
    offline: 'Không kết nối được tới máy chủ. Bạn kiểm tra kết nối mạng rồi thử lại nhé.',
    tooMany: 'Bạn đang gửi quá nhiều câu hỏi. Xin chờ một lát rồi thử lại.',
    badInput: 'Câu hỏi chưa hợp lệ. Bạn vui lòng viết lại (tối đa 2.000 ký tự).',
    empty: 'Bạn hãy gõ câu hỏi trước khi gửi.',
    thinking: 'Trợ lý đang trả lời…',
  };

  const els = {
    log: document.getElementById('log'),
    suggestions: document.getElementById('suggestions'),
    status: document.getElementById('status'),
    form: document.getElementById('ask-form'),
    input: document.getElementById('question'),
    send: document.getElementById('send'),
    newChat: document.getElementById('new-chat'),
  };

  // The session id comes from the server with the first answer; until then there is none.
  function freshState() {
    return { sessionId: null, messages: [WELCOME], suggestions: WELCOME_SUGGESTIONS, seen: [] };
  }

  function load() {
    try {
      const saved = JSON.parse(localStorage.getItem(STORE_KEY) || 'null');
      if (saved && (saved.sessionId === null || typeof saved.sessionId === 'string') && Array.isArray(saved.messages)) {
        return { ...freshState(), ...saved };
      }
    } catch {
      // A damaged entry just starts a new conversation.
    }
    return freshState();
  }

  let state = load();
  let busy = false;

  function save() {
    state.messages = state.messages.slice(-MAX_KEPT);
    state.seen = state.seen.slice(-MAX_KEPT);
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch {
      // Private browsing or a full storage: the conversation simply is not kept across reloads.
    }
  }

  // Plain text with web addresses turned into links; both built as text nodes, never as HTML.
  function appendText(parent, text) {
    const urlPattern = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;
    let last = 0;
    for (const match of text.matchAll(urlPattern)) {
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      const link = document.createElement('a');
      link.href = match[0];
      link.textContent = match[0];
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      parent.appendChild(link);
      last = match.index + match[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  const SPEAKER = { bot: 'Trợ lý', user: 'Bạn', error: 'Thông báo lỗi', push: 'Thông báo mới' };

  function renderMessage(message) {
    const item = document.createElement('div');
    item.className = `msg msg-${message.from === 'push' ? 'bot msg-push' : message.from}`;
    const who = document.createElement('span');
    who.className = 'visually-hidden';
    who.textContent = `${SPEAKER[message.from] || SPEAKER.bot}: `;
    item.appendChild(who);
    appendText(item, String(message.text));
    els.log.appendChild(item);
    els.log.scrollTop = els.log.scrollHeight;
  }

  function renderSuggestions() {
    els.suggestions.replaceChildren();
    for (const text of state.suggestions || []) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = text;
      button.addEventListener('click', () => ask(text));
      els.suggestions.appendChild(button);
    }
  }

  function addMessage(message) {
    state.messages.push(message);
    renderMessage(message);
  }

  function setSuggestions(list) {
    state.suggestions = Array.isArray(list) ? list.filter((s) => typeof s === 'string' && s.trim() !== '') : [];
    renderSuggestions();
  }

  function setBusy(value) {
    busy = value;
    els.send.disabled = value;
    els.status.textContent = value ? MESSAGES.thinking : '';
  }

  async function request(url, options) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        ...options,
        signal: controller.signal,
        headers: { accept: 'application/json', ...(options && options.headers) },
      });
      const body = await response.json().catch(() => null);
      return { response, body };
    } finally {
      clearTimeout(timer);
    }
  }

  function errorText(status, body) {
    if (status === 429) return MESSAGES.tooMany;
    if (status >= 500) return MESSAGES.busy;
    const message = body && body.error && typeof body.error.message === 'string' ? body.error.message : '';
    return message || MESSAGES.badInput;
  }

  async function ask(raw) {
    const text = raw.trim();
    if (busy) return;
    if (text === '') {
      els.status.textContent = MESSAGES.empty;
      return;
    }
    addMessage({ from: 'user', text });
    setSuggestions([]);
    els.input.value = '';
    els.input.focus();
    setBusy(true);
    try {
      const { response, body } = await request('/api/v1/ask', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-motcua-client': 'web' },
        body: JSON.stringify(state.sessionId ? { text, sessionId: state.sessionId } : { text }),
      });
      if (!response.ok || !body || typeof body.reply !== 'string') {
        addMessage({ from: 'error', text: response.ok ? MESSAGES.busy : errorText(response.status, body) });
        if (els.input.value === '') els.input.value = text;
      } else {
        if (typeof body.sessionId === 'string') state.sessionId = body.sessionId;
        // Messages pushed since the last answer (a staff answer, a dossier change) come first.
        showPushed(Array.isArray(body.notifications) ? body.notifications : []);
        addMessage({ from: 'bot', text: body.reply });
        setSuggestions(body.suggestions);
      }
    } catch {
      addMessage({ from: 'error', text: MESSAGES.offline });
      if (els.input.value === '') els.input.value = text;
    } finally {
      setBusy(false);
      save();
    }
  }

  // Each pushed message is shown once, whether it came with an answer or by polling.
  function showPushed(messages) {
    let suggestions = null;
    for (const message of messages) {
      if (!message || typeof message.text !== 'string') continue;
      const key = `${message.createdAt}|${message.text}`;
      if (state.seen.includes(key)) continue;
      state.seen.push(key);
      addMessage({ from: 'push', text: message.text });
      if (Array.isArray(message.suggestions) && message.suggestions.length > 0) suggestions = message.suggestions;
    }
    return suggestions;
  }

  // Messages the server pushes later (dossier changes, staff answers, catalog notices) arrive by polling.
  async function poll() {
    if (document.visibilityState === 'hidden' || !state.sessionId) return;
    try {
      const { response, body } = await request(`/api/v1/sessions/${encodeURIComponent(state.sessionId)}/messages`);
      // The server no longer knows this id: the next question starts a new conversation.
      if (response.status === 404) state.sessionId = null;
      if (!response.ok || !body || !Array.isArray(body.messages)) return save();
      const suggestions = showPushed(body.messages);
      if (suggestions) setSuggestions(suggestions);
      save();
    } catch {
      // Polling is best effort: the next round tries again.
    }
  }

  function renderAll() {
    els.log.replaceChildren();
    for (const message of state.messages) renderMessage(message);
    renderSuggestions();
  }

  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void ask(els.input.value);
  });

  els.newChat.addEventListener('click', () => {
    state = freshState();
    save();
    renderAll();
    els.input.focus();
  });

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void poll();
  });

  renderAll();
  setInterval(() => void poll(), POLL_MS);
})();
