// Hotline console: the dossier looked up during a call (decoded, with a script to read out) and
// procedure search with full records. Everything shown is inserted as text.
'use strict';

(() => {
  const { $, el, token, request, ddmmyyyy, copyButton } = window.motcuaConsole;

  const LABELS = {
    method: { direct: 'Trực tiếp', online: 'Trực tuyến', postal: 'Qua bưu chính' },
    unit: { working_day: 'ngày làm việc', day: 'ngày', hour: 'giờ', month: 'tháng', other: '' },
    online: { full: 'Toàn trình', partial: 'Một phần', none: 'Không' },
    fee: { fee: 'Phí', charge: 'Lệ phí' },
    docKind: { submit: 'Giấy tờ phải nộp', present: 'Giấy tờ phải xuất trình' },
  };

  function facts(pairs) {
    const dl = el('dl');
    for (const [term, value, className] of pairs) {
      if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      dl.appendChild(el('dt', term));
      dl.appendChild(el('dd', Array.isArray(value) ? value.join(', ') : value, className));
    }
    return dl.childElementCount ? dl : null;
  }

  function list(items, ordered) {
    if (!items || items.length === 0) return null;
    const node = el(ordered ? 'ol' : 'ul');
    for (const item of items) node.appendChild(typeof item === 'string' ? el('li', item) : item);
    return node;
  }

  function today() {
    return new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
  }

  function money(amount) {
    return `${Number(amount).toLocaleString('vi-VN')} đồng`;
  }

  // ---- Dossier: decoded for the call, the raw record folded away ----

  function renderDossier(body) {
    const d = body.decoded;
    const box = $('dossier');
    box.replaceChildren();
    const head = el('div', null, 'dossier-head');
    head.appendChild(el('h3', `Hồ sơ ${d.code}`));
    head.appendChild(el('span', d.status.label, `badge status-${d.status.code}`));
    head.appendChild(copyButton('Chép mã hồ sơ', () => d.code));
    box.appendChild(head);
    if (d.overdue) box.appendChild(el('p', `${d.overdueText}. ${d.apology}`, 'overdue'));

    const script = el('section', null, 'script');
    script.setAttribute('aria-label', 'Đọc cho người dân');
    const scriptHead = el('div', null, 'script-head');
    scriptHead.appendChild(el('h4', 'Đọc cho người dân'));
    scriptHead.appendChild(copyButton('Chép lời đọc', () => d.script.join('\n')));
    script.appendChild(scriptHead);
    script.appendChild(list(d.script));
    box.appendChild(script);

    box.appendChild(
      facts([
        ['Trạng thái', `${d.status.label} — ${d.status.meaning}`],
        ['Thủ tục', d.procedure.code ? `${d.procedure.name} (${d.procedure.code})` : d.procedure.name],
        ['Người nộp', d.applicant],
        ['Nơi giải quyết', d.agency],
        ['Ngày tiếp nhận', d.receivedAt],
        ['Ngày hẹn trả', d.dueAt, d.overdue ? 'late' : ''],
        ['Ngày hẹn trả mới', d.newDueAt],
        ['Kết thúc xử lý', d.finishedAt],
        ['Ngày trả kết quả', d.returnedAt],
        ['Hình thức', d.delivery],
        ['Phí, lệ phí', d.fees.map((f) => (f.amount === null ? f.name : `${f.name}: ${money(f.amount)}`))],
        ['Việc tiếp theo', d.nextStep],
      ]),
    );

    if (d.supplements.length) {
      box.appendChild(el('h4', 'Yêu cầu bổ sung, hẹn lại'));
      box.appendChild(
        list(
          d.supplements.map((s) => {
            const parts = [
              s.requestedAt ? `Ngày ${s.requestedAt}` : '',
              s.content,
              s.documents ? `Giấy tờ: ${s.documents}` : '',
              s.newDueAt ? `hẹn trả mới ${s.newDueAt}${s.previousDueAt ? ` (trước là ${s.previousDueAt})` : ''}` : '',
            ];
            return parts.filter(Boolean).join(' — ');
          }),
          true,
        ),
      );
    }

    // The record as the dossier system sent it, for anything the decoded view leaves out.
    const raw = el('details', null, 'raw');
    raw.appendChild(el('summary', 'Bản ghi gốc từ hệ thống một cửa'));
    const { decoded, TomTat, ...record } = body;
    raw.appendChild(el('pre', JSON.stringify(record, null, 2)));
    box.appendChild(raw);
    box.focus();
  }

  $('dossier-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = $('dossier-code').value.trim();
    $('dossier-error').textContent = '';
    $('dossier').replaceChildren();
    if (!code) return;
    if (!token()) {
      $('dossier-error').textContent = 'Cần đăng nhập bằng mã truy cập cá nhân trước khi tra cứu hồ sơ.';
      return;
    }
    try {
      renderDossier(await request(`/api/v1/staff/dossiers/${encodeURIComponent(code)}`));
    } catch (err) {
      $('dossier-error').textContent = err.message;
    }
  });

  // ---- Procedures ----

  $('search-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const q = $('search').value.trim();
    $('search-error').textContent = '';
    $('results').replaceChildren();
    if (!q) return;
    $('search-status').textContent = 'Đang tìm…';
    try {
      const body = await request(`/api/v1/procedures?q=${encodeURIComponent(q)}&limit=20`);
      const items = body && Array.isArray(body.items) ? body.items : [];
      $('search-status').textContent = items.length ? `${items.length} thủ tục phù hợp.` : 'Không tìm thấy thủ tục phù hợp.';
      for (const item of items) {
        const button = el('button', `${item.code} — ${item.name}${item.field ? ` (${item.field})` : ''}`);
        button.type = 'button';
        button.addEventListener('click', () => void showProcedure(item.code));
        const li = el('li');
        li.appendChild(button);
        $('results').appendChild(li);
      }
      // A code typed in full opens that record at once.
      if (items[0] && items[0].code === q) void showProcedure(q);
    } catch (err) {
      $('search-status').textContent = '';
      $('search-error').textContent = err.message;
    }
  });

  // Sections of a record, each with an anchor listed in the navigation above it.
  let sections = [];
  function section(parent, title, content) {
    if (!content) return;
    const id = `muc-${sections.length + 1}`;
    const heading = el('h3', title);
    heading.id = id;
    heading.tabIndex = -1;
    sections.push({ id, title });
    parent.appendChild(heading);
    parent.appendChild(content);
  }

  // The server words each channel's fees as they stand today (in force, ended, HĐND-set, unpublished),
  // exactly as the chat does; a zero is never shown as "không thu" on its own.
  function channelItem(channel, feesInForce) {
    const time = channel.processingTime;
    const timeText = time
      ? [time.value, LABELS.unit[time.unit]].filter((x) => x !== null && x !== undefined && x !== '').join(' ') + (time.note ? ` (${time.note})` : '')
      : 'không nêu';
    const worded = feesInForce && feesInForce[channel.method];
    const fees = worded
      ? [worded]
      : (channel.fees || []).map(
          (f) => `${LABELS.fee[f.kind] || f.kind}: ${f.amount ? money(f.amount) : 'xem ghi chú'}${f.note ? ` — ${f.note}` : ''}`,
        );
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
        const li = el(
          'li',
          `${item.name} — bản chính: ${item.originals || 0}, bản sao: ${item.copies || 0}${item.form ? `; mẫu: ${item.form}` : ''}${item.note ? ` (${item.note})` : ''}`,
        );
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

  function renderNav() {
    const nav = $('record-nav');
    nav.replaceChildren();
    nav.hidden = sections.length < 3;
    for (const s of sections) {
      const link = el('a', s.title);
      link.href = `#${s.id}`;
      // Jump within the record without changing the screen chosen by the address.
      link.addEventListener('click', (event) => {
        event.preventDefault();
        const target = $(s.id);
        target.scrollIntoView({ block: 'start' });
        target.focus({ preventScroll: true });
      });
      nav.appendChild(link);
    }
  }

  function renderProcedure(p) {
    const article = $('record');
    article.replaceChildren();
    sections = [];
    const head = el('div', null, 'dossier-head');
    head.appendChild(el('h3', p.name, 'record-title'));
    head.appendChild(copyButton('Chép mã thủ tục', () => p.code));
    article.appendChild(head);
    if (p.abolished)
      article.appendChild(el('p', `Đã bãi bỏ theo ${p.abolished.decision}${p.abolished.summary ? `: ${p.abolished.summary}` : ''}`, 'error'));
    const agencies = p.agencies || {};
    section(
      article,
      'Thông tin chung',
      facts([
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
        ['Cập nhật', ddmmyyyy(p.updatedAt)],
      ]),
    );
    const channels = list((p.channels || []).map((c) => channelItem(c, p.feesInForce)));
    if (channels) {
      // Fees are dated: what is in force today, worded as the chat words them.
      const box = el('div');
      box.append(el('p', `Phí, lệ phí áp dụng ngày ${today()}, đúng như trợ lý trả lời người dân.`, 'note'), channels);
      section(article, 'Cách thức, thời hạn, phí và lệ phí', box);
    }
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
      const para = el('p', `Nguồn (lấy ngày ${ddmmyyyy(p.source.retrievedAt)}): `, 'note');
      para.appendChild(link);
      section(article, 'Nguồn', para);
    }
    renderNav();
    article.focus();
  }

  async function showProcedure(code) {
    $('record-error').textContent = '';
    try {
      renderProcedure(await request(`/api/v1/procedures/${encodeURIComponent(code)}`));
    } catch (err) {
      $('record-error').textContent = err.message;
    }
  }

  // Signing out takes the citizen's record off the screen.
  window.motcuaConsole.onSignIn((signedIn) => {
    if (!signedIn) $('dossier').replaceChildren();
  });

  // The lookup is what a call needs first: its input takes the focus whenever the screen shows.
  window.motcuaConsole.onScreen((screen) => {
    if (screen === 'ho-so') $('dossier-code').focus();
    if (screen === 'thu-tuc') $('search').focus();
  });
})();
