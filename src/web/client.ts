/**
 * The tab's script and styles, served as /tab/app.js and /tab/app.css. Plain
 * browser JavaScript, no framework and no build step: it signs in (Teams
 * single sign-on, or the local dev sign-in), asks the API for the person's
 * filters, sections and downloads, and draws the blocks the features return,
 * always as text (textContent), never as HTML.
 */

export const TAB_SCRIPT = String.raw`'use strict';
(function () {
  var cfg = JSON.parse(document.getElementById('tab-config').textContent);
  var t = cfg.strings || {};
  var DEV_KEY = 'tryggmeld.devToken';
  var state = { token: null, me: null, openSection: null };

  function $(id) { return document.getElementById(id); }
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === 'text') node.textContent = props[k];
      else if (k === 'className') node.className = props[k];
      else if (k.indexOf('on') === 0) node.addEventListener(k.slice(2), props[k]);
      else if (props[k] !== undefined && props[k] !== null && props[k] !== false) node.setAttribute(k, props[k] === true ? '' : props[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function status(text, tone) {
    var s = $('status');
    if (!s) return;
    s.textContent = text || '';
    s.className = 'status' + (tone ? ' ' + tone : '');
    s.hidden = !text;
  }

  function ApiError(status, message, data) { this.status = status; this.message = message; this.data = data || {}; }

  // ---------------------------------------------------------------- sign-in
  var teamsReady = null;
  function inTeams() {
    if (!teamsReady) teamsReady = microsoftTeams.app.initialize();
    return teamsReady;
  }
  function getToken(fresh) {
    if (cfg.inTeams) {
      if (!cfg.sso) return Promise.reject(new ApiError(401, t.errors.ssoNotSetUp));
      if (state.token && !fresh) return Promise.resolve(state.token);
      return inTeams().then(function () { return microsoftTeams.authentication.getAuthToken(); }).then(function (token) {
        state.token = token;
        return token;
      }, function () { throw new ApiError(401, t.errors.signInFailed); });
    }
    var dev = sessionStorage.getItem(DEV_KEY);
    if (dev) return Promise.resolve(dev);
    return Promise.reject(new ApiError(401, cfg.devSignIn ? '' : t.errors.openInTeams));
  }
  function signIn() {
    if (!cfg.inTeams && cfg.devSignIn) { location.href = '/tab/dev?lang=' + encodeURIComponent(cfg.language); return true; }
    return false;
  }

  // The sign-in goes as a bearer token on every call, never as a cookie: another site cannot call for the person.
  function api(method, path, body, retried, extra) {
    return getToken(retried).then(function (token) {
      var headers = { authorization: 'Bearer ' + token, accept: 'application/json', 'content-type': 'application/json' };
      Object.keys(extra || {}).forEach(function (k) { headers[k] = extra[k]; });
      return fetch(path, {
        method: method,
        headers: headers,
        body: body ? JSON.stringify(body) : undefined,
        cache: 'no-store',
      });
    }).then(function (res) {
      if (res.status === 401 && cfg.inTeams && !retried) return api(method, path, body, true, extra);
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (res.status === 401 && !cfg.inTeams) {
          sessionStorage.removeItem(DEV_KEY);
          if (signIn()) return new Promise(function () {});
        }
        if (!res.ok) throw new ApiError(res.status, data.message || t.errors.failed, data);
        return data;
      });
    });
  }
  function fail(err) {
    if (err && err.status === 401 && !err.message && signIn()) return;
    status((err && err.message) || t.errors.failed, 'attention');
  }

  // ---------------------------------------------------------------- filters
  function option(value, label, selected) { return el('option', { value: value, selected: selected, text: label }); }
  function field(label, control) { return el('label', { className: 'field' }, [el('span', { text: label }), control]); }

  function buildFilters(me) {
    var form = $('filters');
    form.textContent = '';
    if (me.schools.length > 0) {
      var school = el('select', { name: 'school', id: 'filter-school' });
      school.appendChild(option('', me.allSchools ? t.filters.allSchools : t.filters.mySchools, true));
      me.schools.forEach(function (s) { school.appendChild(option(s.id, s.name)); });
      form.appendChild(field(t.filters.school, school));
    }
    var period = el('select', { name: 'period', id: 'filter-period' });
    me.periods.forEach(function (p, i) { period.appendChild(option(p.id, p.label + ' (' + p.range + ')', i === 0)); });
    form.appendChild(field(t.filters.period, period));
    var severity = el('select', { name: 'severity', id: 'filter-severity' });
    severity.appendChild(option('', t.filters.any, true));
    me.severities.forEach(function (s) { severity.appendChild(option(s.value, s.label)); });
    form.appendChild(field(t.filters.severity, severity));
    var type = el('select', { name: 'type', id: 'filter-type' });
    type.appendChild(option('', t.filters.any, true));
    me.types.forEach(function (s) { type.appendChild(option(s.value, s.label)); });
    form.appendChild(field(t.filters.type, type));
    form.appendChild(field(t.filters.search, el('input', { name: 'q', id: 'filter-q', type: 'search', maxlength: '40', placeholder: t.filters.searchPlaceholder, autocomplete: 'off' })));
    form.appendChild(el('button', { type: 'submit', id: 'filter-apply', text: t.filters.apply }));
    form.addEventListener('change', function (e) { if (e.target && e.target.name !== 'q') loadSections(); });
    form.addEventListener('submit', function (e) { e.preventDefault(); loadSections(); });
  }
  function filters() {
    var out = {};
    var form = $('filters');
    ['school', 'period', 'severity', 'type', 'q'].forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input && input.value) out[name] = input.value.trim();
    });
    return out;
  }
  function query(values) {
    return Object.keys(values).map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(values[k]); }).join('&');
  }

  // ---------------------------------------------------------------- blocks
  function renderBlocks(container, content, sectionId) {
    container.textContent = '';
    (content.blocks || []).forEach(function (b) {
      if (b.type === 'heading') container.appendChild(el('h3', { text: b.text }));
      else if (b.type === 'text') container.appendChild(el('p', { className: 'text ' + (b.tone || 'default'), text: b.text }));
      else if (b.type === 'facts') {
        var dl = el('dl', { className: 'facts' });
        if (b.title) container.appendChild(el('h3', { text: b.title }));
        b.facts.forEach(function (f) { dl.appendChild(el('dt', { text: f.title })); dl.appendChild(el('dd', { text: f.value })); });
        container.appendChild(dl);
      } else if (b.type === 'image') {
        container.appendChild(el('img', { className: 'chart', src: b.src, alt: b.alt, width: b.width, height: b.height }));
      } else if (b.type === 'table') {
        if (b.title) container.appendChild(el('h3', { text: b.title }));
        if (!b.rows.length) { container.appendChild(el('p', { className: 'text subtle', text: b.empty || '' })); return; }
        var table = el('table', { className: 'table' });
        var head = el('tr', {}, b.columns.map(function (c) { return el('th', { scope: 'col', text: c }); }));
        table.appendChild(el('thead', {}, [head]));
        var tbody = el('tbody');
        b.rows.forEach(function (r) {
          var cells = r.cells.map(function (c, i) {
            if (i === 0 && r.open) return el('td', {}, [el('a', { href: '#', className: 'open', 'data-open': r.open, text: c, onclick: function (e) { e.preventDefault(); openDetail(sectionId, r.open); } })]);
            return el('td', { text: c });
          });
          tbody.appendChild(el('tr', { className: r.tone || 'default', 'data-item': r.open }, cells));
        });
        table.appendChild(tbody);
        container.appendChild(el('div', { className: 'table-wrap' }, [table]));
      }
    });
  }

  // ---------------------------------------------------------------- sections
  var loading = 0;
  function loadSections() {
    var me = state.me;
    var q = query(filters());
    var round = ++loading;
    status(t.loading);
    return Promise.all(me.sections.map(function (s) {
      var box = $('section-' + s.id);
      box.setAttribute('aria-busy', 'true');
      return api('GET', '/api/tab/sections/' + s.id + (q ? '?' + q : '')).then(function (content) {
        if (round !== loading) return;
        renderBlocks($('section-body-' + s.id), content, s.id);
        box.removeAttribute('aria-busy');
      });
    })).then(function () { if (round === loading) status(''); }, fail);
  }
  function openDetail(sectionId, itemId) {
    status(t.loading);
    return api('GET', '/api/tab/sections/' + sectionId + '/' + encodeURIComponent(itemId)).then(function (content) {
      var body = $('detail-body');
      body.textContent = '';
      body.appendChild(el('h2', { text: content.title }));
      var inner = el('div');
      body.appendChild(inner);
      renderBlocks(inner, content, sectionId);
      $('overview').hidden = true;
      $('detail').hidden = false;
      status('');
      window.scrollTo(0, 0);
    }, fail);
  }

  // ---------------------------------------------------------------- editable tables
  // A section's form: its rows as inputs, saved all at once under the version they were read at (If-Match).
  var forms = {};
  function control(col, value, rowName) {
    var label = col.label + (rowName ? ', ' + rowName : '');
    var disabled = !col.editable;
    if (col.kind === 'multiselect') {
      var chosen = Array.isArray(value) ? value : [];
      var box = el('fieldset', { className: 'choices', 'data-key': col.key, 'aria-label': label, disabled: disabled });
      (col.options || []).forEach(function (o) {
        box.appendChild(el('label', { className: 'choice' }, [el('input', { type: 'checkbox', value: o.value, checked: chosen.indexOf(o.value) >= 0, disabled: disabled }), o.label]));
      });
      return box;
    }
    if (col.kind === 'select') {
      var select = el('select', { 'data-key': col.key, 'aria-label': label, disabled: disabled });
      select.appendChild(option('', t.form.notChosen, !value));
      (col.options || []).forEach(function (o) { select.appendChild(option(o.value, o.label, o.value === value)); });
      return select;
    }
    var input = el(col.kind === 'textarea' ? 'textarea' : 'input', { 'data-key': col.key, 'aria-label': label, disabled: disabled, maxlength: col.maxLength, rows: col.kind === 'textarea' ? '2' : undefined, type: col.kind === 'number' ? 'number' : col.kind === 'date' ? 'date' : col.kind === 'text' ? 'text' : undefined, min: col.min, max: col.max });
    input.value = typeof value === 'string' ? value : '';
    return input;
  }
  function valueOf(node) {
    if (node.tagName === 'FIELDSET') return Array.prototype.filter.call(node.querySelectorAll('input'), function (i) { return i.checked; }).map(function (i) { return i.value; });
    return node.value;
  }
  function formRow(form, row) {
    var values = row ? row.values : {};
    var name = row ? (row.values.situation || row.label || row.id) : '';
    var tr = el('tr', { className: 'form-row', 'data-row-id': row ? row.id : '' }, [el('th', { scope: 'row', text: row ? (row.label || '') : t.form.addRow })]);
    form.columns.forEach(function (col) { tr.appendChild(el('td', {}, [control(col, values[col.key], name)])); });
    tr._original = values;
    return tr;
  }
  function changedRows(sectionId) {
    var rows = [];
    var trs = [];
    Array.prototype.forEach.call(document.querySelectorAll('#section-form-' + sectionId + ' tr.form-row'), function (tr) {
      var id = tr.getAttribute('data-row-id');
      var out = id ? { situationId: id } : {};
      var any = false;
      Array.prototype.forEach.call(tr.querySelectorAll('[data-key]'), function (node) {
        if (node.disabled) return;
        var key = node.getAttribute('data-key');
        var value = valueOf(node);
        var was = tr._original[key];
        var blank = Array.isArray(value) ? value.length === 0 : value.trim() === '';
        if (key === 'comment' || !id) { if (!blank) { out[key] = value; any = true; } return; }
        if (JSON.stringify(value) !== JSON.stringify(was === undefined ? (Array.isArray(value) ? [] : '') : was)) { out[key] = value; any = true; }
      });
      if (any) { rows.push(out); trs.push(tr); }
    });
    return { rows: rows, trs: trs };
  }
  function showRowErrors(sectionId, trs, rowErrors) {
    Array.prototype.forEach.call(document.querySelectorAll('#section-form-' + sectionId + ' .row-errors'), function (n) { n.remove(); });
    Array.prototype.forEach.call(document.querySelectorAll('#section-form-' + sectionId + ' [aria-invalid]'), function (n) { n.removeAttribute('aria-invalid'); });
    (rowErrors || []).forEach(function (e) {
      var tr = trs[e.row];
      if (!tr) return;
      var texts = Object.keys(e.fields).map(function (k) {
        var node = tr.querySelector('[data-key="' + k + '"]');
        if (node) node.setAttribute('aria-invalid', 'true');
        return e.fields[k];
      });
      var cells = tr.children.length;
      tr.parentNode.insertBefore(el('tr', { className: 'row-errors' }, [el('td', { colspan: String(cells), className: 'text attention', role: 'alert', text: texts.join('. ') + '.' })]), tr.nextSibling);
    });
  }
  function saveForm(sectionId) {
    var form = forms[sectionId];
    var changed = changedRows(sectionId);
    showRowErrors(sectionId, [], []);
    status(t.form.saving);
    var body = { rows: changed.rows };
    Object.keys(form.context || {}).forEach(function (k) { body[k] = form.context[k]; });
    return api('POST', '/api/tab/forms/' + sectionId, body, false, { 'if-match': form.etag }).then(function (saved) {
      return Promise.all([openForm(sectionId), loadSections()]).then(function () { status(saved.message, 'good'); });
    }, function (err) {
      if (err && err.data && err.data.rowErrors) showRowErrors(sectionId, changed.trs, err.data.rowErrors);
      fail(err);
    });
  }
  function openForm(sectionId) {
    var q = query(filters());
    return api('GET', '/api/tab/forms/' + sectionId + (q ? '?' + q : '')).then(function (form) {
      forms[sectionId] = form;
      var box = $('section-form-' + sectionId);
      box.textContent = '';
      box.hidden = false;
      box.appendChild(el('h3', { text: form.title }));
      if (form.intro) box.appendChild(el('p', { className: 'text subtle', text: form.intro }));
      var table = el('table', { className: 'table form-table' });
      table.appendChild(el('thead', {}, [el('tr', {}, [el('th', { scope: 'col', text: '' })].concat(form.columns.map(function (c) { return el('th', { scope: 'col', text: c.label }); })))]));
      var tbody = el('tbody');
      form.rows.forEach(function (r) { tbody.appendChild(formRow(form, r)); });
      table.appendChild(tbody);
      box.appendChild(el('div', { className: 'table-wrap' }, [table]));
      var buttons = el('div', { className: 'buttons' });
      if (form.canAdd) {
        var added = 0;
        var addRow = function () {
          tbody.appendChild(formRow(form, null));
          added++;
          if (form.maxNewRows && added >= form.maxNewRows) add.hidden = true;
        };
        var add = el('button', { type: 'button', className: 'secondary', id: 'form-add-' + sectionId, text: t.form.addRow, onclick: addRow });
        buttons.appendChild(add);
        if (form.rows.length === 0) addRow();
      }
      buttons.appendChild(el('button', { type: 'button', id: 'form-save-' + sectionId, text: t.form.save, onclick: function () { saveForm(sectionId); } }));
      buttons.appendChild(el('button', { type: 'button', className: 'secondary', text: t.form.close, onclick: function () { box.hidden = true; box.textContent = ''; } }));
      box.appendChild(buttons);
    });
  }

  function download(kind, format) {
    var f = filters();
    var body = { kind: kind, format: format, schoolId: f.school || '', period: f.period || '' };
    status(t.loading);
    return api('POST', '/api/tab/downloads', body).then(function (made) {
      var url = new URL(made.path, location.origin).href;
      if (cfg.inTeams) return inTeams().then(function () { return microsoftTeams.app.openLink(url); }).then(function () { status(t.downloads.made, 'good'); });
      var a = el('a', { href: url, download: made.filename, hidden: true });
      document.body.appendChild(a);
      a.click();
      a.remove();
      status(t.downloads.made, 'good');
    }, fail);
  }

  function startTab() {
    $('back').addEventListener('click', function () { $('detail').hidden = true; $('overview').hidden = false; });
    api('GET', '/api/tab/me').then(function (me) {
      if (me.language !== cfg.language) {
        location.replace('/tab?lang=' + me.language + (cfg.inTeams ? '&inTeams=1' : ''));
        return;
      }
      state.me = me;
      var who = $('who');
      who.textContent = me.signedInAs;
      who.hidden = false;
      if (!cfg.inTeams) {
        who.appendChild(document.createTextNode(' · '));
        who.appendChild(el('button', { type: 'button', className: 'link', id: 'sign-out', text: t.signOut, onclick: function () { sessionStorage.removeItem(DEV_KEY); signIn(); } }));
      }
      buildFilters(me);
      var buttons = $('download-buttons');
      me.downloads.forEach(function (d) {
        d.formats.forEach(function (format) {
          buttons.appendChild(el('button', { type: 'button', className: 'download', 'data-kind': d.kind, 'data-format': format, text: d.label + ' (' + format.toUpperCase() + ')', onclick: function () { download(d.kind, format); } }));
        });
      });
      $('downloads').hidden = me.downloads.length === 0;
      var sections = $('sections');
      me.sections.forEach(function (s) {
        sections.appendChild(el('section', { className: 'section', id: 'section-' + s.id, 'aria-labelledby': 'section-title-' + s.id }, [
          el('h2', { id: 'section-title-' + s.id, text: s.title }),
          el('div', { id: 'section-body-' + s.id }),
          s.form ? el('button', { type: 'button', className: 'secondary', id: 'form-open-' + s.id, text: t.form.edit, onclick: function () { status(t.loading); openForm(s.id).then(function () { status(''); }, fail); } }) : null,
          s.form ? el('div', { id: 'section-form-' + s.id, className: 'section-form', hidden: true }) : null,
        ]));
      });
      $('overview').hidden = false;
      return loadSections();
    }).catch(fail);
  }

  function startDev() {
    Array.prototype.forEach.call(document.querySelectorAll('button[data-person]'), function (button) {
      button.addEventListener('click', function () {
        status('');
        fetch('/api/tab/dev-session', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ personId: button.getAttribute('data-person') }) })
          .then(function (res) { return res.json().then(function (data) { if (!res.ok) throw new ApiError(res.status, data.message); return data; }); })
          .then(function (data) { sessionStorage.setItem(DEV_KEY, data.token); location.href = '/tab?lang=' + encodeURIComponent(data.language); })
          .catch(fail);
      });
    });
  }

  if (cfg.page === 'dev') startDev();
  else if (cfg.page === 'tab') startTab();
})();
`;

export const TAB_STYLES = `:root { color-scheme: light; --accent: #1c6b73; --attention: #b3261e; --good: #1b6e3a; --subtle: #5f6368; --line: #d7dadf; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 "Segoe UI", system-ui, -apple-system, sans-serif; color: #1f1f1f; background: #fff; }
header.top { display: flex; align-items: baseline; gap: 1rem; flex-wrap: wrap; padding: .75rem 1.25rem; border-bottom: 1px solid var(--line); }
header.top h1 { margin: 0; font-size: 1.35rem; color: var(--accent); }
.who { margin: 0; color: var(--subtle); }
main { padding: 1rem 1.25rem 2rem; max-width: 1200px; }
h2 { font-size: 1.15rem; margin: 1.25rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .35rem; }
.status { margin: .25rem 0 .75rem; color: var(--subtle); min-height: 1.2em; }
.status.attention, .text.attention { color: var(--attention); font-weight: 600; }
.status.good, .text.good { color: var(--good); }
.text.subtle, .hint { color: var(--subtle); }
.text { white-space: pre-wrap; margin: .25rem 0; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; padding: .75rem; background: #f5f7f8; border: 1px solid var(--line); border-radius: 6px; }
.field { display: flex; flex-direction: column; gap: .2rem; font-size: .85rem; color: var(--subtle); }
select, input, button { font: inherit; }
select, input { padding: .3rem .4rem; border: 1px solid #b8bcc2; border-radius: 4px; min-width: 9rem; color: #1f1f1f; background: #fff; }
button { cursor: pointer; padding: .35rem .8rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; }
button.link { background: none; border: none; color: var(--accent); padding: 0; text-decoration: underline; }
.downloads .buttons { display: flex; flex-wrap: wrap; gap: .5rem; }
button.download, button.secondary { background: #fff; color: var(--accent); }
.section-form .buttons { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0 1rem; }
.form-table select, .form-table input, .form-table textarea { min-width: 4.5rem; width: 100%; font: inherit; }
.form-table input[type="text"] { min-width: 14rem; }
.form-table textarea { min-width: 10rem; padding: .3rem .4rem; border: 1px solid #b8bcc2; border-radius: 4px; }
.form-table fieldset.choices { border: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: .1rem; min-width: 11rem; }
.form-table label.choice { display: flex; gap: .3rem; align-items: center; white-space: nowrap; }
.form-table label.choice input { min-width: 0; width: auto; }
.form-table [aria-invalid="true"] { border-color: var(--attention); outline: 2px solid var(--attention); }
.form-table tr.row-errors td { border-bottom: 1px solid var(--attention); }
.table-wrap { overflow-x: auto; }
table.table { border-collapse: collapse; width: 100%; margin: .25rem 0 1rem; }
.table th, .table td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); white-space: pre-wrap; }
.table th { font-size: .8rem; text-transform: uppercase; letter-spacing: .02em; color: var(--subtle); }
.table tr.attention td:first-child { border-left: 3px solid var(--attention); }
.table tr.good td:last-child { color: var(--good); }
a.open { color: var(--accent); font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0 1rem; }
dl.facts dt { color: var(--subtle); }
dl.facts dd { margin: 0; }
img.chart { max-width: 100%; height: auto; }
ul.people { list-style: none; padding: 0; display: grid; gap: .5rem; max-width: 560px; }
button.person { width: 100%; text-align: left; display: flex; flex-direction: column; background: #fff; color: #1f1f1f; border-color: var(--line); }
button.person span { color: var(--subtle); font-size: .85rem; }
.message { max-width: 640px; }
`;
