// Hotline console: procedure search and full records, and the staff dossier view.
// Everything shown is inserted as text.
'use strict';

(() => {
  const TOKEN_KEY = 'motcua.staffToken';
  const REQUEST_TIMEOUT_MS = 15000;
  const $ = (id) => document.getElementById(id);

  const LABELS = {
    method: { direct: 'Trực tiếp', online: 'Trực tuyến', postal: 'Qua bưu chính' },
    unit: { working_day: 'ngày làm việc', day: 'ngày', hour: 'giờ', month: 'tháng', other: '' },
    online: { full: 'Toàn trình', partial: 'Một phần', none: 'Không' },
    fee: { fee: 'Phí', charge: 'Lệ phí' },
    docKind: { submit: 'Giấy tờ phải nộp', present: 'Giấy tờ phải xuất trình' },
  };

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }

  async function getJson(url) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    const headers = { accept: 'application/json' };
    if (token()) headers.authorization = `Bearer ${token()}`;
    try {
      const response = await fetch(url, { headers, signal: controller.signal });
      const body = await response.json().catch(() => null);
      if (response.ok) return body;
      const message = body && body.error && body.error.message;
      if (response.status === 401 || response.status === 403) throw new Error(message || 'Mã truy cập không hợp lệ hoặc không đủ quyền.');
      if (response.status === 404) throw new Error(message || 'Không tìm thấy.');
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

  // Token
  function showTokenStatus() {
    $('token-status').textContent = token() ? 'Đã lưu mã truy cập cho phiên làm việc này.' : 'Chưa có mã truy cập: chỉ tìm được thủ tục.';
  }
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('token').value.trim();
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    $('token').value = '';
    showTokenStatus();
  });
  $('token-clear').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showTokenStatus();
  });

  // Search
  $('search-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const q = $('search').value.trim();
    $('search-error').textContent = '';
    $('results').replaceChildren();
    if (!q) return;
    $('search-status').textContent = 'Đang tìm…';
    try {
      const body = await getJson(`/api/v1/procedures?q=${encodeURIComponent(q)}&limit=20`);
      const items = (body && Array.isArray(body.items)) ? body.items : [];
      $('search-status').textContent = items.length ? `${items.length} thủ tục phù hợp.` : 'Không tìm thấy thủ tục phù hợp.';
      for (const item of items) {
        const button = el('button', `${item.code} — ${item.name}${item.field ? ` (${item.field})` : ''}`);
        button.type = 'button';
        button.addEventListener('click', () => void showProcedure(item.code));
        const li = el('li');
        li.appendChild(button);
        $('results').appendChild(li);
      }
    } catch (err) {
      $('search-status').textContent = '';
      $('search-error').textContent = err.message;
    }
  });

  // Procedure record, as readable sections
  function section(parent, title, content) {
    if (!content) return;
    parent.appendChild(el('h3', title));
    parent.appendChild(content);
  }

  function list(items, ordered) {
    if (!items || items.length === 0) return null;
    const node = el(ordered ? 'ol' : 'ul');
    for (const item of items) node.appendChild(typeof item === 'string' ? el('li', item) : item);
    return node;
  }

  function facts(pairs) {
    const dl = el('dl');
    for (const [term, value] of pairs) {
      if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      dl.appendChild(el('dt', term));
      dl.appendChild(el('dd', Array.isArray(value) ? value.join(', ') : value));
    }
    return dl.childElementCount ? dl : null;
  }

  function money(amount) {
    return `${Number(amount).toLocaleString('vi-VN')} đồng`;
  }

  // The server words each channel's fees as they stand today (in force, ended, HĐND-set, unpublished),
  // exactly as the chat does; a zero is never shown as "không thu" on its own.
  function channelItem(channel, feesInForce) {
    const time = channel.processingTime;
    const timeText = time
      ? [time.value, LABELS.unit[time.unit]].filter((x) => x !== null && x !== undefined && x !== '').join(' ') + (time.note ? ` (${time.note})` : '')
      : 'không nêu';
    const worded = feesInForce && feesInForce[channel.method];
    const fees = worded ? [worded] : (channel.fees || []).map((f) => `${LABELS.fee[f.kind] || f.kind}: ${f.amount ? money(f.amount) : 'xem ghi chú'}${f.note ? ` — ${f.note}` : ''}`);
    const text = `${LABELS.method[channel.method] || channel.method}: thời hạn ${timeText}; phí, lệ phí: ${fees.length ? fees.join('; ') : 'Cổng chưa công bố'}${channel.note ? `. ${channel.note}` : ''}`;
    return el('li', text);
  }

  function documentsBlock(cases) {
    if (!cases || cases.length === 0) return null;
    const box = el('div');
    for (const c of cases) {
      if (c.case) box.appendChild(el('h4', c.case));
      if (c.kind === 'present') box.appendChild(el('p', LABELS.docKind.present, 'note'));
      const items = (c.items || []).map((item) => {
        const li = el('li', `${item.name} — bản chính: ${item.originals || 0}, bản sao: ${item.copies || 0}${item.form ? `; mẫu: ${item.form}` : ''}${item.note ? ` (${item.note})` : ''}`);
        if (item.formUrl && /^https?:\/\//.test(item.formUrl)) {
          const link = el('a', 'tải mẫu');
          link.href = item.formUrl;
          link.rel = 'noopener noreferrer';
          link.target = '_blank';
          li.appendChild(document.createTextNode(' '));
          li.appendChild(link);
        }
        return li;
      });
      const ol = list(items, true);
      if (ol) box.appendChild(ol);
      const notes = list(c.notes);
      if (notes) box.appendChild(notes);
    }
    return box;
  }

  function renderProcedure(p) {
    const article = $('record');
    article.replaceChildren();
    article.appendChild(el('h3', p.name));
    if (p.abolished) article.appendChild(el('p', `Đã bãi bỏ theo ${p.abolished.decision}${p.abolished.summary ? `: ${p.abolished.summary}` : ''}`, 'error'));
    const agencies = p.agencies || {};
    section(article, 'Thông tin chung', facts([
      ['Mã thủ tục', p.code],
      ['Lĩnh vực', p.field],
      ['Cấp thực hiện', p.levels],
      ['Đối tượng', p.subjects],
      ['Cơ quan có thẩm quyền', agencies.competent],
      ['Cơ quan thực hiện', agencies.executing],
      ['Cơ quan phối hợp', agencies.coordinating],
      ['Nơi nộp', p.where],
      ['Dịch vụ công trực tuyến', LABELS.online[p.onlineService] || p.onlineService],
      ['Quyết định công bố', p.decision],
      ['Cập nhật', p.updatedAt],
    ]));
    section(article, 'Cách thức, thời hạn, phí và lệ phí', list((p.channels || []).map((c) => channelItem(c, p.feesInForce))));
    section(article, 'Thành phần hồ sơ', documentsBlock(p.documents));
    section(article, 'Trình tự thực hiện', list(p.steps, true));
    section(article, 'Điều kiện', p.requirements ? el('p', p.requirements) : null);
    section(article, 'Kết quả', list(p.results));
    section(article, 'Lưu ý', list(p.notes));
    section(article, 'Căn cứ pháp lý', list((p.legalBasis || []).map((l) => `${l.number}${l.title ? ` — ${l.title}` : ''}`)));
    if (p.source && /^https?:\/\//.test(p.source.url)) {
      const link = el('a', p.source.url);
      link.href = p.source.url;
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
      const para = el('p', `Nguồn (lấy ngày ${p.source.retrievedAt}): `, 'note');
      para.appendChild(link);
      section(article, 'Nguồn', para);
    }
    article.focus();
  }

  async function showProcedure(code) {
    $('record-error').textContent = '';
    try {
      renderProcedure(await getJson(`/api/v1/procedures/${encodeURIComponent(code)}`));
    } catch (err) {
      $('record-error').textContent = err.message;
    }
  }

  // Staff dossier view: shown field by field, whatever its shape.
  function valueNode(value) {
    if (value === null || value === undefined || value === '') return el('span', '—');
    if (Array.isArray(value)) {
      if (value.length === 0) return el('span', '—');
      const ol = el('ol');
      for (const item of value) {
        const li = el('li');
        li.appendChild(valueNode(item));
        ol.appendChild(li);
      }
      return ol;
    }
    if (typeof value === 'object') {
      const dl = el('dl');
      for (const [key, inner] of Object.entries(value)) {
        dl.appendChild(el('dt', key));
        const dd = el('dd');
        dd.appendChild(valueNode(inner));
        dl.appendChild(dd);
      }
      return dl;
    }
    return el('span', value);
  }

  $('dossier-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = $('dossier-code').value.trim();
    $('dossier-error').textContent = '';
    $('dossier').replaceChildren();
    if (!code) return;
    if (!token()) {
      $('dossier-error').textContent = 'Cần lưu mã truy cập cán bộ trước khi tra cứu hồ sơ.';
      return;
    }
    try {
      const body = await getJson(`/api/v1/staff/dossiers/${encodeURIComponent(code)}`);
      // What the citizen is told, in words, above the full record.
      const { TomTat: summary, ...record } = body;
      if (summary) $('dossier').appendChild(el('p', summary, 'summary'));
      $('dossier').appendChild(valueNode(record));
      $('dossier').focus();
    } catch (err) {
      $('dossier-error').textContent = err.message;
    }
  });

  showTokenStatus();
})();
