// Hotline console: the inbox (read, take, answer what people left) and the analytics screen.
// Everything shown is inserted as text.
'use strict';

(() => {
  const { $, el, token, request, ddmmyyyy, dateTime } = window.motcuaConsole;

  const CHANNELS = { web: 'Trò chuyện trên web', telegram: 'Telegram', zalo: 'Zalo', api: 'Ứng dụng tích hợp' };
  const KINDS = { staff_question: 'Câu hỏi', feedback: 'Phản ánh' };
  const ROLES = { user: 'Người dân', assistant: 'Trợ lý' };
  const INTENTS = {
    documents: 'Thành phần hồ sơ',
    duration: 'Thời hạn giải quyết',
    fees: 'Phí, lệ phí',
    where: 'Nộp ở đâu',
    online: 'Nộp trực tuyến',
    steps: 'Trình tự, cách làm',
    forms: 'Mẫu đơn, tờ khai',
    requirements: 'Điều kiện',
    overview: 'Hỏi chung về thủ tục',
    browse: 'Danh sách thủ tục',
    dossier_status: 'Tra cứu hồ sơ',
    subscribe: 'Theo dõi hồ sơ',
    unsubscribe: 'Dừng theo dõi',
    greeting: 'Chào hỏi',
    thanks: 'Cảm ơn',
    help: 'Hỏi cách dùng',
    handoff: 'Gặp cán bộ',
    feedback: 'Phản ánh, kiến nghị',
    out_of_scope: 'Ngoài phạm vi',
  };
  const OUTCOMES = { answered: 'Đã trả lời', clarified: 'Hỏi lại cho rõ', unanswered: 'Không trả lời được', out_of_scope: 'Ngoài phạm vi' };

  function age(minutes) {
    if (minutes < 60) return `${minutes} phút trước`;
    if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} giờ trước`;
    return `${Math.floor(minutes / 1440)} ngày trước`;
  }

  // ---- Inbox ----

  let inboxStatus = 'new';

  function answerForm(item) {
    const form = el('form', null, 'answer');
    const id = `answer-${item.id}`;
    const label = el('label', 'Trả lời người dân');
    label.htmlFor = id;
    const area = el('textarea');
    area.id = id;
    area.rows = 3;
    area.maxLength = 2000;
    area.required = true;
    const send = el('button', 'Gửi trả lời');
    send.type = 'submit';
    form.append(label, area, send);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = area.value.trim();
      if (!text) return;
      send.disabled = true;
      try {
        await request(`/api/v1/staff/inbox/${item.id}/answer`, { method: 'POST', body: { text } });
        $('inbox-status').textContent = `Đã gửi trả lời câu hỏi số ${item.id} tới người dân qua ${CHANNELS[item.channel] || item.channel}.`;
        await loadInbox();
      } catch (err) {
        $('inbox-error').textContent = err.message;
        send.disabled = false;
      }
    });
    return form;
  }

  function renderItem(item) {
    const li = el('li', null, `item${item.overdue ? ' item-overdue' : ''}`);
    const head = el('div', null, 'item-head');
    head.appendChild(el('strong', `${KINDS[item.kind] || item.kind} số ${item.id}`));
    head.appendChild(el('span', item.statusLabel, `badge inbox-${item.status}`));
    if (item.overdue) head.appendChild(el('span', 'Quá hạn trả lời', 'badge overdue-badge'));
    head.appendChild(el('span', `${CHANNELS[item.channel] || item.channel} · ${age(item.ageMinutes)} (${dateTime(item.createdAt)})`, 'note'));
    li.appendChild(head);
    if (item.procedure) li.appendChild(el('p', `Thủ tục: ${item.procedure.name || ''} (${item.procedure.code})`, 'note'));
    li.appendChild(el('blockquote', item.text, 'question'));

    if (item.conversation.length) {
      const talk = el('details', null, 'conversation');
      talk.appendChild(el('summary', `Cuộc trò chuyện trước đó (${item.conversation.length} lượt)`));
      const ol = el('ol');
      for (const turn of item.conversation) ol.appendChild(el('li', `${ROLES[turn.role] || turn.role}: ${turn.text}`, `turn turn-${turn.role}`));
      talk.appendChild(ol);
      li.appendChild(talk);
    }

    const who = [item.assignee ? `Người xử lý: ${item.assignee}` : 'Chưa ai nhận', item.answeredBy ? `Người trả lời: ${item.answeredBy}` : ''];
    li.appendChild(el('p', who.filter(Boolean).join(' · '), 'note'));
    if (item.status === 'answered') {
      li.appendChild(el('p', `Đã trả lời lúc ${dateTime(item.answeredAt)}:`, 'note'));
      li.appendChild(el('blockquote', item.answer, 'answer-text'));
      if (item.delivery)
        li.appendChild(
          el(
            'p',
            `Chưa gửi được cho người dân (${item.delivery.reason}, lúc ${dateTime(item.delivery.at)}): hãy liên hệ lại bằng cách khác.`,
            'overdue',
          ),
        );
      return li;
    }
    if (item.status === 'new') {
      const take = el('button', 'Nhận xử lý', 'secondary');
      take.type = 'button';
      take.addEventListener('click', async () => {
        try {
          await request(`/api/v1/staff/inbox/${item.id}/assign`, { method: 'POST', body: {} });
          await loadInbox();
        } catch (err) {
          $('inbox-error').textContent = err.message;
        }
      });
      li.appendChild(take);
    }
    li.appendChild(answerForm(item));
    return li;
  }

  async function loadInbox() {
    $('inbox-error').textContent = '';
    if (!token()) {
      $('inbox').replaceChildren();
      $('inbox-error').textContent = 'Cần đăng nhập bằng mã truy cập cá nhân để xem hộp thư.';
      return;
    }
    for (const b of document.querySelectorAll('.filters button')) b.setAttribute('aria-pressed', String(b.dataset.status === inboxStatus));
    try {
      const body = await request(`/api/v1/staff/inbox${inboxStatus ? `?status=${inboxStatus}` : ''}`);
      $('inbox').replaceChildren(...body.items.map(renderItem));
      if (!body.items.length) $('inbox').appendChild(el('li', 'Không có mục nào.', 'note'));
      if (inboxStatus === 'new') {
        $('inbox-count').textContent = String(body.items.length);
        $('inbox-count').hidden = body.items.length === 0;
      }
    } catch (err) {
      $('inbox-error').textContent = err.message;
    }
  }

  for (const button of document.querySelectorAll('.filters button')) {
    button.addEventListener('click', () => {
      inboxStatus = button.dataset.status;
      $('inbox-status').textContent = '';
      void loadInbox();
    });
  }

  // ---- Analytics ----

  const percent = (rate) => `${Math.round(rate * 1000) / 10}%`;

  function table(caption, headers, rows) {
    const t = el('table');
    t.appendChild(el('caption', caption));
    const head = el('tr');
    for (const h of headers) head.appendChild(el('th', h));
    t.appendChild(el('thead')).appendChild(head);
    const body = el('tbody');
    for (const row of rows) {
      const tr = el('tr');
      for (const cell of row) {
        const td = el('td', cell instanceof Node ? null : cell);
        if (cell instanceof Node) td.appendChild(cell);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    t.appendChild(body);
    return t;
  }

  function bar(value, max) {
    const meter = el('meter');
    meter.min = 0;
    meter.max = Math.max(1, max);
    meter.value = value;
    meter.textContent = String(value);
    return meter;
  }

  function renderAnalytics(r) {
    if (!$('from').value) $('from').value = r.from;
    if (!$('to').value) $('to').value = r.to;
    const box = $('analytics');
    box.replaceChildren();
    const summary = el('ul', null, 'tiles');
    const tiles = [
      ['Lượt hỏi', String(r.total)],
      ['Đã trả lời', percent(r.rates.answered)],
      ['Hỏi lại cho rõ', percent(r.rates.clarified)],
      ['Không trả lời được', percent(r.rates.unanswered)],
      ['Ngoài phạm vi', percent(r.rates.outOfScope)],
    ];
    for (const [label, value] of tiles) {
      const li = el('li');
      li.append(el('span', value, 'tile-value'), el('span', label, 'tile-label'));
      summary.appendChild(li);
    }
    box.appendChild(summary);
    const max = Math.max(...r.perDay.map((d) => d.total), 1);
    box.appendChild(
      table(
        `Lượt hỏi mỗi ngày (${ddmmyyyy(r.from)} – ${ddmmyyyy(r.to)})`,
        ['Ngày', 'Số lượt', '', 'Trả lời', 'Hỏi lại', 'Không trả lời được', 'Ngoài phạm vi'],
        r.perDay
          .filter((d) => d.total > 0)
          .map((d) => [
            ddmmyyyy(d.day),
            String(d.total),
            bar(d.total, max),
            String(d.answered),
            String(d.clarified),
            String(d.unanswered),
            String(d.outOfScope),
          ]),
      ),
    );
    box.appendChild(
      table(
        'Thủ tục được hỏi nhiều nhất',
        ['Mã', 'Tên thủ tục', 'Số lượt'],
        r.topProcedures.map((p) => [p.code, p.name, String(p.count)]),
      ),
    );
    box.appendChild(
      table(
        'Loại câu hỏi',
        ['Loại', 'Số lượt'],
        r.topIntents.map((i) => [INTENTS[i.intent] || i.intent, String(i.count)]),
      ),
    );
    box.appendChild(
      table(
        'Câu hỏi trợ lý chưa chắc hiểu đúng',
        ['Lúc', 'Câu hỏi', 'Đọc là', 'Độ tin cậy', 'Kết quả', 'Trợ lý đã làm'],
        r.lowConfidence.map((t) => [
          dateTime(t.at),
          t.text,
          INTENTS[t.intent] || t.intent,
          percent(t.confidence),
          OUTCOMES[t.outcome] || t.outcome,
          t.action,
        ]),
      ),
    );
  }

  function range() {
    const params = new URLSearchParams();
    if ($('from').value) params.set('from', $('from').value);
    if ($('to').value) params.set('to', $('to').value);
    return params;
  }

  async function loadAnalytics() {
    $('analytics-error').textContent = '';
    if (!token()) {
      $('analytics').replaceChildren();
      $('analytics-error').textContent = 'Cần đăng nhập bằng mã truy cập cá nhân để xem thống kê.';
      return;
    }
    try {
      renderAnalytics(await request(`/api/v1/staff/analytics?${range()}`));
    } catch (err) {
      $('analytics-error').textContent = err.message;
    }
  }

  $('analytics-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void loadAnalytics();
  });

  // The export needs the token, so it is fetched and handed to the browser as a file.
  $('analytics-csv').addEventListener('click', async () => {
    $('analytics-error').textContent = '';
    try {
      const params = range();
      params.set('format', 'csv');
      const response = await request(`/api/v1/staff/analytics?${params}`, { raw: true, accept: 'text/csv' });
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') || '');
      const link = el('a');
      link.href = URL.createObjectURL(await response.blob());
      link.download = name ? name[1] : 'motcua-analytics.csv';
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (err) {
      $('analytics-error').textContent = err.message;
    }
  });

  window.motcuaConsole.onScreen((screen) => {
    if (screen === 'hop-thu') void loadInbox();
    if (screen === 'thong-ke') void loadAnalytics();
  });
  window.motcuaConsole.onSignIn(() => {
    // Signed in: load what the screen shows; signed out: clear it (the loaders say why).
    if (location.hash === '#hop-thu') void loadInbox();
    if (location.hash === '#thong-ke') void loadAnalytics();
  });
  window.motcuaConsole.start();
})();
