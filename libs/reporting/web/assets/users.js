// Head office's page of users and integration accounts: list, create, edit (name, role,
// regions or branches, disabled), reset a password, end a user's sessions; integration accounts
// created with a secret shown once, rotated and revoked. Field errors of the API
// (400 VALIDATION_FAILED) are shown by their field, in the page's language.
import * as api from './api.js';
import { $, $$, el } from './dom.js';
import { formatDate, texts, wordFor } from './i18n.js';

/**
 * @import { IntegrationSecret, Units, UserView } from '../types/api'
 * @import { Attributes } from './dom.js'
 * @import { Locale } from './format.js'
 * @import { Texts } from './i18n.js'
 */
/**
 * A field's messages (the API's VALIDATION_FAILED errors, or the page's own checks, in English).
 * @typedef {{ field: string, messages: string[] }} FieldError
 */
/**
 * What the page is given (app.js): its language, the caller's units, and what a 401 or 403 does.
 * @typedef {{ locale: Locale, units: Units | null, handle: (error: unknown) => void }} UsersContext
 */

export const USER_ROLES = ['head-office', 'region-manager', 'analyst', 'branch-manager', 'sales-staff', 'service-staff', 'parts-staff'];
const BRANCH_ROLES = ['branch-manager', 'sales-staff', 'service-staff', 'parts-staff'];
/** @type {readonly ('sales' | 'workshop' | 'parts')[]} */
const CONTEXTS = ['sales', 'workshop', 'parts'];
const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/;
/** An employee id as the org context takes it (the API checks it again). */
const EMPLOYEE_ID = /^[A-Za-z0-9._-]{1,64}$/;
const CLIENT_ID = /^[A-Za-z0-9._-]{3,64}$/;
const PASSWORD_MIN = 12;

/**
 * One of the API's English field messages in the page's language (by what it says).
 * @param {Texts['field']} f
 * @param {string | null | undefined} message
 * @returns {string}
 */
export function fieldMessage(f, message) {
  const text = String(message ?? '');
  let match;
  if ((match = /at least (\d+) character/i.exec(text))) return f.minChars(Number(match[1]));
  if ((match = /at most (\d+) character|longer than (\d+)/i.exec(text))) return f.maxChars(Number(match[1] ?? match[2]));
  if (/not be the username/i.test(text)) return f.notUsername;
  if (/taken|already|exists|in use|unique/i.test(text)) return f.taken;
  if (/employee id/i.test(text)) return f.employeeIdRule;
  if (/letters, digits/i.test(text)) return f.usernameRule;
  if (/region/i.test(text) && /need|must|at least|name/i.test(text)) return f.needsRegions;
  if (/branch/i.test(text) && /need|must|at least|name/i.test(text)) return f.needsBranches;
  if (/context/i.test(text)) return f.needsContexts;
  if (/unknown|does not exist|no such/i.test(text)) return f.unknownUnit;
  if (/empty|required|missing|should not be/i.test(text)) return f.required;
  return f.invalid;
}

/**
 * The field a server error names: `regions[0]` and `regions.0` are `regions`.
 * @param {string | null | undefined} field
 */
const fieldName = (field) => String(field ?? '').split(/[.[]/)[0];

/**
 * The page. `ctx`: { locale, units, handle(error) (401 and 403 for the whole page), status(text) }.
 * Renders into `host` and loads the lists.
 * @param {HTMLElement} host
 * @param {UsersContext} ctx
 */
export function usersPage(host, ctx) {
  const t = texts(ctx.locale);
  const u = t.users;
  const f = t.field;
  const roleLabel = (/** @type {string} */ role) => wordFor(t.role, role) ?? role;
  const regions = (ctx.units?.regions ?? []).filter((r) => r.id !== '');
  const branches = (ctx.units?.regions ?? []).flatMap((r) => r.branches);
  const status = el('p', { class: 'status', role: 'status', 'data-testid': 'users-status', hidden: true });
  const say = (/** @type {string} */ text) => {
    status.textContent = text;
    status.hidden = !text;
  };
  const formHost = el('div', { 'data-testid': 'user-form-host' });
  const usersBody = el('tbody', {}, el('tr', {}, el('td', { class: 'text muted', colspan: '8', text: t.loading })));
  const integrationsHost = el('div', {});

  // ---- forms ----

  /**
   * A form's field errors: cleared, then set by field name; the first one gets the focus.
   * @param {HTMLFormElement} form
   * @param {readonly FieldError[]} errors
   */
  function showFieldErrors(form, errors) {
    for (const node of $$('[data-testid="field-error"]', form)) {
      node.textContent = '';
      node.hidden = true;
    }
    for (const input of $$('[aria-invalid]', form)) input.removeAttribute('aria-invalid');
    /** @type {HTMLElement | null} */
    let first = null;
    /** @type {string[]} */
    const unplaced = [];
    for (const { field, messages } of errors) {
      const box = form.querySelector(`[data-testid="field-error"][data-field="${fieldName(field)}"]`);
      const text = [...new Set((messages?.length ? messages : ['']).map((m) => fieldMessage(f, m)))].join(' ');
      if (!(box instanceof HTMLElement)) {
        unplaced.push(text);
        continue;
      }
      box.textContent = box.textContent ? `${box.textContent} ${text}` : text;
      box.hidden = false;
      const input = form.querySelector(`[name="${fieldName(field)}"]`);
      if (!(input instanceof HTMLElement)) continue;
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
    const summary = $('[data-testid="form-error"]', form);
    summary.textContent = errors.length ? [f.fix, ...unplaced].join(' ') : '';
    summary.hidden = errors.length === 0;
    first?.focus();
  }

  /**
   * Runs a form's request; a 400 VALIDATION_FAILED (or a 409 on a name) goes to the fields.
   * @template T
   * @param {HTMLFormElement} form
   * @param {() => Promise<T>} request
   * @param {string} [nameField]
   * @returns {Promise<T | undefined>}
   */
  async function submit(form, request, nameField) {
    const button = $('button[type="submit"]', form, HTMLButtonElement);
    button.disabled = true;
    try {
      return await request();
    } catch (error) {
      if (error instanceof api.ApiError && error.status === 400 && error.errors.length) showFieldErrors(form, error.errors);
      else if (error instanceof api.ApiError && error.code === 'EMPLOYEE_ALREADY_LINKED') showFieldErrors(form, [{ field: 'employeeId', messages: ['taken'] }]);
      else if (error instanceof api.ApiError && /_TAKEN$/.test(error.code ?? '') && nameField)
        showFieldErrors(form, [{ field: nameField, messages: ['taken'] }]);
      else if (error instanceof api.ApiError && error.status === 400) showFieldErrors(form, [{ field: '', messages: [] }]);
      else ctx.handle(error);
      return undefined;
    } finally {
      button.disabled = false;
    }
  }

  const fieldError = (/** @type {string} */ name) => el('p', { class: 'field-error', 'data-testid': 'field-error', 'data-field': name, hidden: true });
  /**
   * @param {string} name
   * @param {string} label
   * @param {Attributes & { prefix?: string }} [attributes]
   * @param {string | null} [help]
   */
  const input = (name, label, attributes = {}, help = null) =>
    el(
      'label',
      { class: 'field' },
      el('span', { text: label }),
      el('input', { name, 'data-testid': `${attributes.prefix ?? 'user'}-${name}`, ...attributes, prefix: null }),
      help ? el('small', { class: 'muted', text: help }) : null,
      fieldError(name),
    );
  /**
   * @param {string} name
   * @param {string} label
   * @param {{ id: string, label: string }[]} options
   * @param {readonly string[]} selected
   * @param {string} testid
   */
  const checkboxes = (name, label, options, selected, testid) =>
    el(
      'fieldset',
      { class: 'field choices', 'data-testid': testid, 'data-field-set': name },
      el('legend', { text: label }),
      el(
        'div',
        { class: 'choice-list' },
        options.map((o) =>
          el('label', { class: 'choice' }, el('input', { type: 'checkbox', name, value: o.id, checked: selected.includes(o.id) }), ` ${o.label}`),
        ),
      ),
      fieldError(name),
    );
  const checked = (/** @type {HTMLFormElement} */ form, /** @type {string} */ name) =>
    $$(`input[name="${name}"]:checked`, form, HTMLInputElement).map((i) => i.value);

  /** @param {UserView | null} user */
  function userForm(user) {
    const editing = Boolean(user);
    const role = el(
      'select',
      { name: 'role', 'data-testid': 'user-role' },
      USER_ROLES.map((r) => el('option', { value: r, text: roleLabel(r) })),
    );
    role.value = user?.role ?? 'branch-manager';
    const regionSet = checkboxes(
      'regions',
      u.regions,
      regions.map((r) => ({ id: r.id, label: r.name || r.id })),
      user?.regions ?? [],
      'user-regions',
    );
    const branchSet = checkboxes(
      'branches',
      u.branches,
      branches.map((b) => ({ id: b.id, label: `${b.name} (${b.id})` })),
      user?.branches ?? [],
      'user-branches',
    );
    const showScope = () => {
      regionSet.hidden = role.value !== 'region-manager';
      branchSet.hidden = !BRANCH_ROLES.includes(role.value);
    };
    role.addEventListener('change', showScope);
    showScope();
    const form = el(
      'form',
      { class: 'panel admin-form', 'data-testid': 'user-form', novalidate: true },
      el('h3', { text: user ? u.editUser(user.username) : u.newUser }),
      el('p', { class: 'form-error', role: 'alert', 'data-testid': 'form-error', hidden: true }),
      el(
        'div',
        { class: 'fields' },
        input('username', u.username, { autocomplete: 'off', value: user?.username ?? '', readonly: editing, spellcheck: 'false' }),
        input('displayName', u.displayName, { autocomplete: 'off', value: user?.displayName ?? '' }),
        el('label', { class: 'field' }, el('span', { text: u.role }), role, fieldError('role')),
        input('employeeId', u.employeeId, { autocomplete: 'off', value: user?.employeeId ?? '', spellcheck: 'false' }, u.employeeIdHelp),
        editing ? null : input('password', u.password, { type: 'password', autocomplete: 'new-password' }, u.passwordHelp),
      ),
      regionSet,
      branchSet,
      el(
        'div',
        { class: 'actions' },
        el('button', { type: 'submit', class: 'primary', 'data-testid': 'user-save', text: editing ? u.save : u.create }),
        el('button', { type: 'button', class: 'secondary', 'data-testid': 'user-cancel', text: u.cancel, onclick: () => formHost.replaceChildren() }),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = (/** @type {string} */ name) =>
        /** @type {HTMLInputElement | HTMLSelectElement | null} */ (form.querySelector(`[name="${name}"]`))?.value.trim() ?? '';
      const body = {
        displayName: value('displayName'),
        role: role.value,
        regions: role.value === 'region-manager' ? checked(form, 'regions') : [],
        branches: BRANCH_ROLES.includes(role.value) ? checked(form, 'branches') : [],
        // The employee the account belongs to (a sales consultant's own activities); empty unlinks.
        employeeId: value('employeeId') || null,
      };
      // What the page can tell at once; the API checks all of it again.
      /** @type {FieldError[]} */
      const errors = [];
      if (!editing && !USERNAME.test(value('username'))) errors.push({ field: 'username', messages: [value('username') ? 'letters, digits' : 'required'] });
      if (!body.displayName) errors.push({ field: 'displayName', messages: ['required'] });
      if (body.employeeId !== null && !EMPLOYEE_ID.test(body.employeeId)) errors.push({ field: 'employeeId', messages: ['employee id'] });
      if (!editing) {
        const password = $('[name="password"]', form, HTMLInputElement).value;
        if ([...password].length < PASSWORD_MIN) errors.push({ field: 'password', messages: [`at least ${PASSWORD_MIN} characters`] });
        else if (password.trim().toLowerCase() === value('username').toLowerCase()) errors.push({ field: 'password', messages: ['not be the username'] });
      }
      if (role.value === 'region-manager' && body.regions.length === 0) errors.push({ field: 'regions', messages: ['regions needed'] });
      if (BRANCH_ROLES.includes(role.value) && body.branches.length === 0) errors.push({ field: 'branches', messages: ['branches needed'] });
      showFieldErrors(form, errors);
      if (errors.length) return;
      void submit(
        form,
        () =>
          user
            ? api.updateUser(user.id, body)
            : api.createUser({ username: value('username'), password: $('[name="password"]', form, HTMLInputElement).value, ...body }),
        'username',
      ).then((saved) => {
        if (saved === undefined) return;
        formHost.replaceChildren();
        say(user ? u.saved(user.username) : u.created(value('username')));
        void loadUsers();
      });
    });
    formHost.replaceChildren(form);
    $(editing ? '[name="displayName"]' : '[name="username"]', form).focus();
  }

  /** @param {UserView} user */
  function passwordForm(user) {
    const form = el(
      'form',
      { class: 'panel admin-form', 'data-testid': 'password-form', novalidate: true },
      el('h3', { text: u.resetPasswordFor(user.username) }),
      el('p', { class: 'form-error', role: 'alert', 'data-testid': 'form-error', hidden: true }),
      el('div', { class: 'fields' }, input('password', u.newPassword, { type: 'password', autocomplete: 'new-password', prefix: 'new' }, u.passwordHelp)),
      el(
        'div',
        { class: 'actions' },
        el('button', { type: 'submit', class: 'primary', 'data-testid': 'password-save', text: u.resetPassword }),
        el('button', { type: 'button', class: 'secondary', text: u.cancel, onclick: () => formHost.replaceChildren() }),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const password = $('[name="password"]', form, HTMLInputElement).value;
      /** @type {FieldError[]} */
      const errors = [];
      if ([...password].length < PASSWORD_MIN) errors.push({ field: 'password', messages: [`at least ${PASSWORD_MIN} characters`] });
      else if (password.trim().toLowerCase() === user.username.toLowerCase()) errors.push({ field: 'password', messages: ['not be the username'] });
      showFieldErrors(form, errors);
      if (errors.length) return;
      void submit(form, () => api.resetPassword(user.id, password).then(() => true)).then((done) => {
        if (done === undefined) return;
        formHost.replaceChildren();
        say(u.passwordWasReset(user.username));
      });
    });
    formHost.replaceChildren(form);
    $('[name="password"]', form).focus();
  }

  // ---- the users table ----

  const scopeText = (/** @type {UserView} */ user) => {
    if (user.role === 'region-manager') return user.regions.map((id) => regions.find((r) => r.id === id)?.name || id).join(', ');
    if (BRANCH_ROLES.includes(user.role)) return user.branches.join(', ');
    return u.scopeAll;
  };

  const action = (/** @type {string} */ testid, /** @type {string} */ label, /** @type {() => unknown} */ run) =>
    el('button', { type: 'button', class: 'link', 'data-testid': testid, text: label, onclick: run });

  async function loadUsers() {
    try {
      const users = await api.users();
      usersBody.replaceChildren(
        ...(users.length === 0
          ? [el('tr', {}, el('td', { class: 'text muted', colspan: '8', text: u.none }))]
          : users.map((user) =>
              el(
                'tr',
                { 'data-testid': 'user-row', 'data-username': user.username, class: user.disabled ? 'disabled' : '' },
                el('td', { class: 'text', text: user.username }),
                el('td', { class: 'text', text: user.displayName }),
                el('td', { class: 'text', 'data-testid': 'user-role-label', text: roleLabel(user.role) }),
                el('td', { class: 'text', text: scopeText(user) }),
                el('td', { class: 'text', 'data-testid': 'user-status', text: user.disabled ? u.disabled : u.active }),
                el('td', { class: 'num', 'data-testid': 'user-sessions', text: String(user.activeSessions ?? '—') }),
                el('td', { class: 'text', text: user.createdAt ? formatDate(user.createdAt, ctx.locale) : '—' }),
                el(
                  'td',
                  { class: 'text row-actions' },
                  action('user-edit', u.edit, () => userForm(user)),
                  action('user-reset-password', u.resetPassword, () => passwordForm(user)),
                  action('user-revoke-sessions', u.revokeSessions, () =>
                    api
                      .revokeSessions(user.id)
                      .then(() => {
                        say(u.sessionsRevoked(user.username));
                        return loadUsers();
                      })
                      .catch(ctx.handle),
                  ),
                  action('user-toggle', user.disabled ? u.enable : u.disable, () =>
                    api
                      .updateUser(user.id, { disabled: !user.disabled })
                      .then(() => {
                        say(user.disabled ? u.enabledNow(user.username) : u.disabledNow(user.username));
                        return loadUsers();
                      })
                      .catch(ctx.handle),
                  ),
                ),
              ),
            )),
      );
    } catch (error) {
      ctx.handle(error);
    }
  }

  // ---- integration accounts ----

  const i = t.integrations;
  const secretBox = el('div', { class: 'secret', 'data-testid': 'integration-secret', hidden: true });
  const showSecret = (/** @type {IntegrationSecret} */ answer) => {
    secretBox.replaceChildren(
      el('p', { text: i.secretOnce }),
      el(
        'dl',
        {},
        el('dt', { text: i.clientId }),
        el('dd', {}, el('code', { 'data-testid': 'integration-client-id', text: answer.clientId })),
        el('dt', { text: i.clientSecret }),
        el('dd', {}, el('code', { 'data-testid': 'integration-client-secret', text: answer.clientSecret })),
      ),
    );
    secretBox.hidden = false;
  };
  const integrationsBody = el('tbody', {}, el('tr', {}, el('td', { class: 'text muted', colspan: '6', text: t.loading })));

  function integrationForm() {
    const form = el(
      'form',
      { class: 'panel admin-form', 'data-testid': 'integration-form', novalidate: true },
      el('h3', { text: i.newIntegration }),
      el('p', { class: 'form-error', role: 'alert', 'data-testid': 'form-error', hidden: true }),
      el(
        'div',
        { class: 'fields' },
        input('clientId', i.clientId, { autocomplete: 'off', spellcheck: 'false', prefix: 'integration' }),
        input('name', i.name, { autocomplete: 'off', prefix: 'integration' }),
      ),
      checkboxes(
        'branches',
        i.branches,
        branches.map((b) => ({ id: b.id, label: `${b.name} (${b.id})` })),
        [],
        'integration-branches',
      ),
      checkboxes(
        'contexts',
        i.contexts,
        CONTEXTS.map((c) => ({ id: c, label: i.context[c] })),
        [],
        'integration-contexts',
      ),
      el(
        'div',
        { class: 'actions' },
        el('button', { type: 'submit', class: 'primary', 'data-testid': 'integration-save', text: u.create }),
        el('button', { type: 'button', class: 'secondary', text: u.cancel, onclick: () => integrationFormHost.replaceChildren() }),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = {
        clientId: $('[name="clientId"]', form, HTMLInputElement).value.trim(),
        name: $('[name="name"]', form, HTMLInputElement).value.trim(),
        branches: checked(form, 'branches'),
        contexts: checked(form, 'contexts'),
      };
      /** @type {FieldError[]} */
      const errors = [];
      if (!CLIENT_ID.test(body.clientId)) errors.push({ field: 'clientId', messages: [body.clientId ? 'invalid' : 'required'] });
      if (!body.name) errors.push({ field: 'name', messages: ['required'] });
      if (body.branches.length === 0) errors.push({ field: 'branches', messages: ['branches needed'] });
      if (body.contexts.length === 0) errors.push({ field: 'contexts', messages: ['contexts'] });
      showFieldErrors(form, errors);
      if (errors.length) return;
      void submit(form, () => api.createIntegration(body), 'clientId').then((answer) => {
        if (answer === undefined) return;
        integrationFormHost.replaceChildren();
        showSecret(answer);
        void loadIntegrations();
      });
    });
    integrationFormHost.replaceChildren(form);
    $('[name="clientId"]', form).focus();
  }
  const integrationFormHost = el('div', {});

  async function loadIntegrations() {
    try {
      const accounts = await api.integrations();
      integrationsBody.replaceChildren(
        ...(accounts.length === 0
          ? [el('tr', {}, el('td', { class: 'text muted', colspan: '6', text: i.none }))]
          : accounts.map((account) => {
              const revoked = account.status === 'revoked' || Boolean(account.revokedAt);
              return el(
                'tr',
                { 'data-testid': 'integration-row', 'data-client-id': account.clientId, class: revoked ? 'disabled' : '' },
                el('td', { class: 'text' }, el('code', { text: account.clientId })),
                el('td', { class: 'text', text: account.name ?? '' }),
                el('td', { class: 'text', text: (account.branches ?? []).join(', ') }),
                el('td', { class: 'text', text: (account.contexts ?? []).map((c) => wordFor(i.context, c) ?? c).join(', ') }),
                el('td', { class: 'text', text: revoked ? i.revoked : i.active }),
                el(
                  'td',
                  { class: 'text row-actions' },
                  revoked
                    ? null
                    : [
                        action('integration-rotate', i.rotate, () =>
                          api
                            .rotateSecret(account.clientId)
                            .then((answer) => showSecret(answer))
                            .catch(ctx.handle),
                        ),
                        action('integration-revoke', i.revoke, () =>
                          api
                            .revokeIntegration(account.clientId)
                            .then(() => {
                              secretBox.hidden = true;
                              say(i.revokedNow(account.clientId));
                              return loadIntegrations();
                            })
                            .catch(ctx.handle),
                        ),
                      ],
                ),
              );
            })),
      );
    } catch (error) {
      // A platform without integration accounts yet: the users part still works.
      if (error instanceof api.ApiError && error.status === 404) integrationsHost.hidden = true;
      else ctx.handle(error);
    }
  }

  const head = (/** @type {string[]} */ ...labels) =>
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        labels.map((label) => el('th', { class: 'text', text: label })),
      ),
    );
  integrationsHost.replaceChildren(
    el(
      'section',
      { class: 'panel', 'data-testid': 'integrations' },
      el(
        'div',
        { class: 'panel-head' },
        el('h3', { text: i.title }),
        el('button', { type: 'button', class: 'primary', 'data-testid': 'new-integration', text: i.newIntegration, onclick: integrationForm }),
      ),
      el('p', { class: 'muted small', text: i.help }),
      secretBox,
      integrationFormHost,
      el(
        'table',
        { class: 'admin', 'data-testid': 'integrations-table' },
        head(i.clientId, i.name, i.branches, i.contexts, i.status, u.actions),
        integrationsBody,
      ),
    ),
  );

  host.replaceChildren(
    el('h2', { class: 'unit-title', text: u.title }),
    status,
    formHost,
    el(
      'section',
      { class: 'panel', 'data-testid': 'users' },
      el(
        'div',
        { class: 'panel-head' },
        el('h3', { text: u.title }),
        el('button', { type: 'button', class: 'primary', 'data-testid': 'new-user', text: u.newUser, onclick: () => userForm(null) }),
      ),
      el(
        'table',
        { class: 'admin', 'data-testid': 'users-table' },
        head(u.username, u.displayName, u.role, u.scope, u.status, u.sessions, u.createdAt, u.actions),
        usersBody,
      ),
    ),
    integrationsHost,
  );
  void loadUsers();
  void loadIntegrations();
}
