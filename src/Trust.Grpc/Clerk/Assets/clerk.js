// The clerk page: sign in with a bearer token (kept in sessionStorage only), choose a service
// item, give a grant (QR text, QR picture or short code), show the check. Talks only to this
// server: /v1/... (the JSON API) and /clerk/api/... (names, QR picture reading).
// No personal data goes into URLs, localStorage, cookies or the console.
'use strict';
(function () {
  const TOKEN_KEY = 'trust.clerk.token';   // sessionStorage: gone when the tab closes
  const LANG_KEY = 'trust.clerk.lang';     // localStorage: the language choice only
  const texts = window.ClerkI18n;
  const $ = (id) => document.getElementById(id);

  const state = {
    lang: localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh',
    names: null,
    item: null,
    result: null,
    timer: 0,
    searchTimer: 0,
    searchSeq: 0,
    mode: 'text',
  };

  // ---- language -------------------------------------------------------------------------------
  function t(key, values) {
    let text = texts[state.lang][key];
    if (text === undefined) { text = texts.zh[key] !== undefined ? texts.zh[key] : key; }
    if (values) { for (const k of Object.keys(values)) { text = text.replace('{' + k + '}', values[k]); } }
    return text;
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title') + ' · Trust';
    for (const el of document.querySelectorAll('[data-i18n]')) { el.textContent = t(el.dataset.i18n); }
    for (const el of document.querySelectorAll('[data-i18n-placeholder]')) { el.placeholder = t(el.dataset.i18nPlaceholder); }
    $('lang-switch').lang = state.lang === 'zh' ? 'en' : 'zh-CN';
    if (state.item) { showItem(state.item); }
    if (state.result) { renderResult(state.result); }
    if (!$('workspace').hidden) { refreshItemList(); }
  }

  $('lang-switch').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem(LANG_KEY, state.lang);
    applyLanguage();
  });

  // ---- API ------------------------------------------------------------------------------------
  class SignedOut extends Error {}

  async function api(path, init) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) { throw new SignedOut(); }
    const options = Object.assign({ method: 'GET', cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' }, init || {});
    options.headers = Object.assign({ Authorization: 'Bearer ' + token, Accept: 'application/json' }, (init && init.headers) || {});
    const response = await fetch(path, options);
    if (response.status === 401) { signOut('signedOut'); throw new SignedOut(); }
    let body = null;
    const type = response.headers.get('Content-Type') || '';
    if (type.indexOf('json') >= 0) { try { body = await response.json(); } catch (e) { body = null; } }
    return { status: response.status, ok: response.ok, body: body };
  }

  // ---- sign-in --------------------------------------------------------------------------------
  // The claims of a JWT, read only to show who is signed in and to name the clerk in checks (the
  // server takes the identity from the verified token; these are never trusted here). Null for
  // tokens that are not JWTs.
  function claims() {
    const token = sessionStorage.getItem(TOKEN_KEY) || '';
    const parts = token.split('.');
    if (parts.length !== 3) { return null; }
    try {
      const json = decodeURIComponent(Array.prototype.map.call(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')), (c) => '%' + ('00' + c.charCodeAt(0).toString(16)).slice(-2)).join(''));
      const c = JSON.parse(json);
      const dept = Array.isArray(c.dept) ? c.dept[0] : c.dept;
      return typeof c.sub === 'string' ? { clerkId: c.sub, department: typeof dept === 'string' ? dept : '' } : null;
    } catch (e) { return null; }
  }

  function showSignIn(messageKey) {
    $('workspace').hidden = true;
    $('sign-out').hidden = true;
    $('clerk-who').hidden = true;
    $('sign-in').hidden = false;
    const error = $('sign-in-error');
    error.hidden = !messageKey;
    error.textContent = messageKey ? t(messageKey) : '';
    $('token').focus();
  }

  function signOut(messageKey) {
    sessionStorage.removeItem(TOKEN_KEY);
    clearAll();
    state.names = null;
    showSignIn(messageKey);
  }

  async function enter() {
    const answer = await api('/clerk/api/names');
    if (answer.status === 403) { sessionStorage.removeItem(TOKEN_KEY); showSignIn('notClerk'); return; }
    if (!answer.ok || !answer.body) { sessionStorage.removeItem(TOKEN_KEY); showSignIn('serverError'); return; }
    state.names = answer.body;
    $('sign-in').hidden = true;
    $('sign-out').hidden = false;
    const who = claims();
    $('clerk-who').hidden = !who;
    $('clerk-who').textContent = who ? who.clerkId + (who.department ? ' · ' + who.department : '') : '';
    $('workspace').hidden = false;
    $('token').value = '';
    refreshItemList();
    $('item-search').focus();
  }

  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = $('token').value.trim().replace(/^Bearer\s+/i, '');
    if (!token) { return; }
    sessionStorage.setItem(TOKEN_KEY, token);
    try { await enter(); } catch (e) { handleError(e, 'sign-in-error', 'signInFailed'); }
  });

  $('sign-out').addEventListener('click', () => signOut(null));

  function handleError(error, targetId, signedOutKey) {
    if (error instanceof SignedOut) {
      if (signedOutKey) { showSignIn(signedOutKey); }
      return;
    }
    showError(targetId, 'network');
  }

  function showError(targetId, key, values) {
    const el = $(targetId);
    el.textContent = t(key, values);
    el.hidden = false;
  }

  // ---- service items --------------------------------------------------------------------------
  function itemName(item) { return state.lang === 'en' ? item.nameEn : item.nameZh; }
  function typeName(code) {
    const n = state.names && state.names.types[code];
    return n ? (state.lang === 'en' ? n.en : n.zh) : code;
  }
  function departmentName(code) {
    if (!code) { return ''; }
    const d = state.names && state.names.departments;
    const n = d && (d[code] || d[code.split(/[-_]/)[0]]);
    return n ? (state.lang === 'en' ? n.en : n.zh) + ' (' + code + ')' : code;
  }

  $('item-search').addEventListener('input', () => {
    clearTimeout(state.searchTimer);
    state.searchTimer = setTimeout(refreshItemList, 200);
  });

  async function refreshItemList() {
    const seq = ++state.searchSeq;
    const query = $('item-search').value.trim().slice(0, 64);
    let answer;
    try {
      answer = await api('/v1/service-items?pageSize=20&query=' + encodeURIComponent(query));
    } catch (e) { handleError(e, 'check-error', null); return; }
    if (seq !== state.searchSeq) { return; }
    const list = $('item-results');
    list.replaceChildren();
    if (!answer.ok || !answer.body) { $('item-count').textContent = ''; return; }
    const items = answer.body.items || [];
    for (const item of items) {
      const li = document.createElement('li');
      li.setAttribute('role', 'option');
      li.tabIndex = 0;
      li.dataset.code = item.code;
      li.setAttribute('aria-selected', state.item && state.item.code === item.code ? 'true' : 'false');
      const code = document.createElement('code');
      code.textContent = item.code;
      const name = document.createElement('span');
      name.textContent = itemName(item);
      li.append(code, name);
      const choose = () => { chooseItem(item); };
      li.addEventListener('click', choose);
      li.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); choose(); } });
      list.append(li);
    }
    const total = answer.body.totalSize || items.length;
    $('item-count').textContent = items.length ? t('itemCount', { n: total }) : t('itemNone');
  }

  function chooseItem(item) {
    state.item = item;
    for (const li of $('item-results').children) { li.setAttribute('aria-selected', li.dataset.code === item.code ? 'true' : 'false'); }
    showItem(item);
  }

  function showItem(item) {
    $('item-chosen').hidden = false;
    $('item-chosen-name').textContent = itemName(item);
    $('item-chosen-code').textContent = item.code;
    const parts = [t(item.holder === 'organisation' ? 'organisation' : 'person')];
    if (item.requiredLicenceTypes && item.requiredLicenceTypes.length) { parts.push(t('needs', { list: item.requiredLicenceTypes.map(typeName).join('、') })); }
    if (item.acceptedLicenceTypes && item.acceptedLicenceTypes.length) { parts.push(t('accepts', { list: item.acceptedLicenceTypes.map(typeName).join('、') })); }
    $('item-chosen-needs').textContent = parts.join(' · ');
  }

  // ---- grant input ----------------------------------------------------------------------------
  const tabs = { text: 'tab-text', image: 'tab-image', code: 'tab-code' };
  function selectMode(mode) {
    state.mode = mode;
    for (const m of Object.keys(tabs)) {
      const tab = $(tabs[m]);
      tab.setAttribute('aria-selected', m === mode ? 'true' : 'false');
      $(tab.getAttribute('aria-controls')).hidden = m !== mode;
    }
  }
  for (const m of Object.keys(tabs)) { $(tabs[m]).addEventListener('click', () => selectMode(m)); }

  $('qr-image').addEventListener('change', async () => {
    const file = $('qr-image').files[0];
    const status = $('qr-image-status');
    if (!file) { return; }
    if (file.size > 4 * 1024 * 1024) { status.textContent = t('qr_image_too_large'); return; }
    status.textContent = t('qrReading');
    try {
      const answer = await api('/clerk/api/qr', { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
      if (answer.ok && answer.body && answer.body.qrText) {
        $('qr-text').value = answer.body.qrText;
        status.textContent = t('qrRead');
        status.dataset.state = 'read';
      } else {
        status.textContent = t('qr_' + ((answer.body && answer.body.error) || 'no_qr_code'));
        status.dataset.state = 'failed';
      }
    } catch (e) { handleError(e, 'check-error', null); }
    $('qr-image').value = '';
  });

  // ---- check ----------------------------------------------------------------------------------
  $('check').addEventListener('click', check);

  async function check() {
    $('check-error').hidden = true;
    if (!state.item) { showError('check-error', 'needItem'); return; }
    const request = { serviceItem: state.item.code };
    const who = claims();
    if (who) { request.clerk = who; }
    const qr = $('qr-text').value.trim();
    const code = $('short-code').value.trim();
    if (state.mode === 'code' && code) { request.shortCode = code; }
    else if (qr) { request.qrText = qr; }
    else if (code) { request.shortCode = code; }
    else { showError('check-error', 'needGrant'); return; }
    $('check').disabled = true;
    // Never leave an earlier answer on screen while a new one is on its way.
    clearInterval(state.timer);
    state.result = null;
    $('result').hidden = true;
    try {
      const answer = await api('/v1/grants:check', { method: 'POST', body: JSON.stringify(request), headers: { 'Content-Type': 'application/json' } });
      if (answer.ok && answer.body) {
        state.lastRequest = request;
        state.result = answer.body;
        renderResult(answer.body);
      } else if (answer.status === 400) {
        showError('check-error', 'badRequest', { message: (answer.body && answer.body.message) || '' });
      } else if (answer.status === 404) {
        showError('check-error', 'notFound');
      } else if (answer.status === 403) {
        showError('check-error', 'forbidden');
      } else {
        showError('check-error', 'serverError');
      }
    } catch (e) {
      handleError(e, 'check-error', null);
    } finally {
      $('check').disabled = false;
    }
  }

  $('clear').addEventListener('click', clearAll);

  function clearAll() {
    clearInterval(state.timer);
    state.result = null;
    $('qr-text').value = '';
    $('short-code').value = '';
    $('qr-image-status').textContent = '';
    $('check-error').hidden = true;
    $('result').hidden = true;
    $('licences').replaceChildren();
    $('form-values').tBodies[0].replaceChildren();
    $('grant-facts').replaceChildren();
  }

  // ---- result ---------------------------------------------------------------------------------
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function date(value) { return value ? value.slice(0, 10) : ''; }

  function fact(list, key, value, id) {
    const dt = el('dt', null, t(key));
    const dd = el('dd', null, value);
    if (id) { dd.id = id; }
    list.append(dt, dd);
  }

  function renderResult(r) {
    $('result').hidden = false;
    const allowed = r.allowed === true;
    const verdict = $('verdict');
    verdict.className = 'verdict ' + (allowed ? 'allowed' : 'denied');
    verdict.dataset.verdict = allowed ? 'allowed' : 'denied';
    $('verdict-text').textContent = t(allowed ? 'allowed' : 'denied');
    const reasons = $('verdict-reasons');
    reasons.replaceChildren();
    for (const reason of r.reasons || []) {
      const li = el('li', null, t(reason));
      li.dataset.reason = reason;
      reasons.append(li);
    }

    const facts = $('grant-facts');
    facts.replaceChildren();
    const fields = [];
    for (const l of r.licences || []) { for (const f of l.formFields || []) { fields.push(f); } }
    if (allowed) {
      fact(facts, 'holder', r.holderMasked || '', 'holder-masked');
      const orgName = state.item && state.item.holder === 'organisation' ? fields.find((f) => /\.holder_name$/.test(f.from)) : null;
      if (orgName) { fact(facts, 'organisationName', orgName.value, 'organisation-name'); }
      fact(facts, 'serviceItem', state.item && state.item.code === r.serviceItem ? itemName(state.item) + ' (' + r.serviceItem + ')' : r.serviceItem);
      if (r.purpose) { fact(facts, 'purpose', r.purpose); }
      fact(facts, 'expires', r.expiresAt ? new Date(r.expiresAt).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB') : '');
      fact(facts, 'timeLeft', '', 'time-left');
      fact(facts, 'singleUse', t(r.singleUse ? 'yes' : 'no'));
      startCountdown(r.expiresAt);
    } else {
      fact(facts, 'serviceItem', r.serviceItem || '');
      clearInterval(state.timer);
    }

    $('incomplete').hidden = !allowed || r.complete !== false;
    $('licences-title').hidden = !allowed;
    renderLicences(allowed ? r.licences || [] : []);
    renderForm(allowed ? fields : []);
  }

  function startCountdown(expiresAt) {
    clearInterval(state.timer);
    const end = expiresAt ? Date.parse(expiresAt) : NaN;
    const tick = () => {
      const target = $('time-left');
      if (!target) { clearInterval(state.timer); return; }
      const left = Math.floor((end - Date.now()) / 1000);
      if (isNaN(left) || left <= 0) {
        target.textContent = t('expiredNow');
        target.className = 'late';
        clearInterval(state.timer);
        return;
      }
      const h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      target.textContent = h > 0 ? t('hoursMinutes', { h: h, m: m }) : t('minutesSeconds', { m: m, s: s });
      target.className = left < 120 ? 'soon' : '';
    };
    tick();
    state.timer = setInterval(tick, 1000);
  }

  function renderLicences(licences) {
    const box = $('licences');
    box.replaceChildren();
    for (const l of licences) {
      const card = el('article', 'licence');
      card.dataset.type = l.type;
      card.dataset.verdict = l.verdict;
      const head = el('header', 'licence-head');
      head.append(el('h3', null, typeName(l.type)), el('span', 'tag', t(l.required ? 'required' : 'optional')), el('span', 'badge ' + l.verdict, t(l.verdict)));
      card.append(head);
      const dl = el('dl', 'facts');
      if (l.found) {
        fact(dl, 'licenceId', l.licenceId);
        fact(dl, 'department', departmentName(l.department));
        fact(dl, 'validity', date(l.validFrom) + ' – ' + (l.validUntil ? date(l.validUntil) : t('noExpiry')));
      } else {
        dl.append(el('dd', 'hint', t('notHeld')));
      }
      card.append(dl);
      if (l.found && state.result && !state.result.singleUse && state.lastRequest) {
        const button = el('button', 'secondary download', t('downloadQr'));
        button.type = 'button';
        button.addEventListener('click', () => download('/clerk/api/licence-qr', { licenceId: l.licenceId }, l.licenceId + '.png', 'downloadFailed', button));
        card.append(button);
        // The sealed archival file (PDF/A-3b or OFD) exists only for a valid licence: the server refuses any other.
        if (l.verdict === 'valid') {
          for (const format of ['pdf', 'ofd']) {
            const file = el('button', 'secondary download-file', t(format === 'pdf' ? 'downloadPdf' : 'downloadOfd'));
            file.type = 'button';
            file.dataset.format = format;
            file.addEventListener('click', () => download('/clerk/api/licence-file', { licenceId: l.licenceId, format: format }, l.licenceId + '.' + format, 'downloadFileFailed', file));
            card.append(file);
          }
        }
      }
      const why = (l.reasons || []).filter((x) => texts.zh[x] !== undefined).map((x) => t(x));
      if (why.length) { card.append(el('p', 'licence-reason', why.join(' '))); }
      box.append(card);
    }
  }

  function renderForm(fields) {
    $('form-block').hidden = fields.length === 0;
    const body = $('form-values').tBodies[0];
    body.replaceChildren();
    for (const f of fields) {
      const tr = el('tr');
      tr.dataset.field = f.field;
      const value = el('td', 'value', f.value);
      const button = el('button', 'copy', t('copy'));
      button.type = 'button';
      button.addEventListener('click', () => copy(f.value));
      const cell = el('td');
      cell.append(button);
      tr.append(el('th', null, state.lang === 'en' ? f.labelEn : f.labelZh), value, cell);
      body.append(tr);
    }
  }

  // A download about one licence of the grant: its QR code as a PNG (licence-qr) or its sealed file (licence-file).
  // The server checks the grant again and answers only for a licence the grant covers.
  async function download(path, extra, fileName, failure, button) {
    const r = state.lastRequest;
    const body = Object.assign({ serviceItem: r.serviceItem }, extra);
    if (r.qrText) { body.qrText = r.qrText; } else { body.shortCode = r.shortCode; }
    if (r.clerk && r.clerk.department) { body.department = r.clerk.department; }
    button.disabled = true;
    try {
      const token = sessionStorage.getItem(TOKEN_KEY);
      if (!token) { throw new SignedOut(); }
      const response = await fetch(path, {
        method: 'POST', cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
        headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status === 401) { signOut('signedOut'); return; }
      if (!response.ok) { toast(t(failure)); return; }
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      handleError(e, 'check-error', 'signedOut');
    } finally {
      button.disabled = false;
    }
  }

  $('copy-all').addEventListener('click', () => {
    const all = {};
    for (const l of (state.result && state.result.licences) || []) { for (const f of l.formFields || []) { all[f.field] = f.value; } }
    copy(JSON.stringify(all, null, 2));
  });

  async function copy(text) {
    let ok = false;
    try { await navigator.clipboard.writeText(text); ok = true; } catch (e) { ok = false; }
    toast(t(ok ? 'copied' : 'copyFailed'));
  }

  function toast(text) {
    const box = $('toast');
    box.textContent = text;
    box.hidden = false;
    clearTimeout(box.timer);
    box.timer = setTimeout(() => { box.hidden = true; }, 1600);
  }

  // ---- start ----------------------------------------------------------------------------------
  applyLanguage();
  if (sessionStorage.getItem(TOKEN_KEY)) {
    enter().catch((e) => handleError(e, 'sign-in-error', 'signedOut'));
  } else {
    showSignIn(null);
  }
})();
