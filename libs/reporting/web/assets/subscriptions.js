// Head office's page of pack subscriptions (docs/adr/0023-scheduled-pack-delivery.md): the monthly
// pack of a branch, a region or the group mailed to a user monthly on business day N or weekly.
// Lists them, creates or edits one (the API's field errors shown by their field, in the page's
// language), pauses, resumes or cancels one, and shows the delivery log (sent, queued with its
// retries, failed with the reason). Every change and cancellation is sent with the version the page
// showed (If-Match): when someone else changed the subscription meanwhile (409 VERSION_CONFLICT)
// the page says so and reloads, it never overwrites their change. The API refuses everyone but head
// office (403 ROLE_FORBIDDEN).
import * as api from './api.js';
import { $, $$, el } from './dom.js';
import { readerTimeZone } from './downloads.js';
import { formatInstant, formatMonth, NO_FIGURE } from './format.js';
import { formatDate, texts } from './i18n.js';
import { codeText } from './messages.js';
import { MAX_BUSINESS_DAY } from './pack-rules.js';

/** @typedef {import('./format.js').Locale} Locale */
/** @typedef {'branch' | 'region' | 'group'} Level */
/** @typedef {{ kind: 'monthly', businessDay: number } | { kind: 'weekly', weekday: number }} Schedule */
/** @typedef {import('../types/api').PackSubscription} Subscription */
/** @typedef {import('../types/api').PackDelivery} Delivery */
/** @typedef {import('../types/api').UserView} User */
/** @typedef {import('../types/api').Units} Units */
/**
 * What app.js hands the page: the locale, the units of the signed-in user's scope, and what to do
 * with an error it does not show itself (401 and 403 for the whole page).
 * @typedef {{ locale: Locale, units: Units | null, handle: (error: unknown) => void }} Context
 */
/** @typedef {{ field: string, messages: string[] }} FieldError */

export const LEVELS = /** @type {const} */ (['branch', 'region', 'group']);
const FORMATS = /** @type {const} */ (['pdf', 'xlsx']);
const PAGE_LOCALES = /** @type {const} */ (['zh-CN', 'es', 'en']);
/** The API's highest business day of a monthly schedule (pack-rules.js, the constant libs/delivery validates with). */
export { MAX_BUSINESS_DAY };
/** Deliveries the log shows. */
const LOG_LIMIT = 50;

/**
 * The form's field for a field the API names: a branch's or a region's id (and the pack) are the
 * unit; the level stays the level (a group pack the recipient may not see is refused on it, and
 * the group has no unit field); the schedule's parts are their own fields.
 * @param {string} field
 * @returns {string}
 */
export function formField(field) {
  const name = String(field ?? '');
  if (['branchId', 'regionId', 'pack'].includes(name)) return 'unit';
  if (name.startsWith('schedule.')) return name.slice('schedule.'.length);
  if (name === 'schedule') return 'kind';
  return name.split(/[.[]/)[0] ?? '';
}

/**
 * A reason of the log in the page's language: a refusal's code (`RECIPIENT_OUT_OF_SCOPE: …`) by
 * its message, anything else (the mail server's answer) as a mail server error.
 * @param {import('./i18n.js').Texts} t texts(locale)
 * @param {string} lastError
 * @returns {string}
 */
export function reasonText(t, lastError) {
  const code = /^([A-Z][A-Z0-9_]+):/.exec(lastError)?.[1];
  return (code && codeText(t, code)) || t.subscriptions.mailError;
}

/**
 * The page: renders into `host` and loads the users, the subscriptions and the log.
 * @param {HTMLElement} host
 * @param {Context} ctx
 */
export function subscriptionsPage(host, ctx) {
  const locale = ctx.locale;
  const t = texts(locale);
  const s = t.subscriptions;
  /** Each field's rule, by the form's field name. */
  const rules = /** @type {Record<string, string | undefined>} */ (s.rules);
  const roles = /** @type {Record<string, string | undefined>} */ (t.role);
  const regions = (ctx.units?.regions ?? []).filter((r) => r.id !== '');
  const branches = (ctx.units?.regions ?? []).flatMap((r) => r.branches);
  /** @type {Map<string, User>} */
  let users = new Map();
  /** The subscription whose log shows, or null for every one. */
  /** @type {string | null} */
  let logOf = null;
  /** The latest request of the log and of the list: an answer to an earlier one (a slower answer to an earlier click) is dropped. */
  let logRequest = 0;
  let listRequest = 0;
  /** The recipient of each listed subscription (the log's title names it). */
  /** @type {Map<string, string>} */
  const subscriptionRecipient = new Map();

  const status = el('p', { class: 'status', role: 'status', 'data-testid': 'subscriptions-status', hidden: true });
  /** @param {string} text */
  const say = (text) => {
    status.textContent = text;
    status.hidden = !text;
  };
  const formHost = el('div', { 'data-testid': 'subscription-form-host' });
  const listBody = el('tbody', {}, el('tr', {}, el('td', { class: 'text muted', colspan: '9', text: t.loading })));
  const logBody = el('tbody', {}, el('tr', {}, el('td', { class: 'text muted', colspan: '8', text: t.loading })));
  const logTitle = el('h3', { text: s.log });
  const logAll = el('button', {
    type: 'button',
    class: 'link',
    'data-testid': 'delivery-log-all',
    text: s.logAll,
    hidden: true,
    onclick: () => {
      logOf = null;
      void loadLog();
    },
  });

  // ---- labels ----

  /** @param {string} id */
  const branchLabel = (id) => {
    const branch = branches.find((b) => b.id === id);
    return branch ? `${branch.name} (${id})` : id;
  };
  /** @param {string} id */
  const regionLabel = (id) => regions.find((r) => r.id === id)?.name || id;
  /**
   * @param {Level} level
   * @param {string} unitId
   */
  const unitText = (level, unitId) =>
    level === 'group' ? t.group : level === 'region' ? `${t.region} · ${regionLabel(unitId)}` : `${t.branch} · ${branchLabel(unitId)}`;
  /** @param {number} weekday 1 = Monday … 7 = Sunday */
  const weekdayName = (weekday) => new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, weekday)); // 2024-01-01 was a Monday
  /** @param {Schedule} schedule */
  const scheduleText = (schedule) => (schedule.kind === 'monthly' ? s.monthlyOn(schedule.businessDay) : s.weeklyOn(weekdayName(schedule.weekday)));
  /** @param {string} id */
  const recipientText = (id) => {
    const user = users.get(id);
    return user ? `${user.displayName || user.username} (${user.username})` : id;
  };
  /** @param {string} iso */
  const instant = (iso) => formatInstant(iso, locale, readerTimeZone());

  // ---- the form ----

  /** @param {string} name */
  const fieldError = (name) => el('p', { class: 'field-error', 'data-testid': 'field-error', 'data-field': name, hidden: true });
  /**
   * @param {string} name
   * @param {string} label
   * @param {HTMLElement} control
   * @param {string | null} [help]
   */
  const field = (name, label, control, help = null) =>
    el(
      'label',
      { class: 'field', 'data-field-name': name },
      el('span', { text: label }),
      control,
      help ? el('small', { class: 'muted', text: help }) : null,
      fieldError(name),
    );
  /**
   * @param {string} name
   * @param {{ value: string, label: string }[]} options
   * @param {string} value
   */
  const select = (name, options, value) => {
    const node = el(
      'select',
      { name, 'data-testid': `subscription-${name}` },
      options.map((o) => el('option', { value: o.value, text: o.label })),
    );
    node.value = value;
    return node;
  };

  /**
   * A form's field errors: cleared, then each shown by its field (the API's code, else the field's
   * rule, in the page's language); what has no field goes to the summary. The first field gets the focus.
   * @param {HTMLFormElement} form
   * @param {FieldError[]} errors
   * @param {string | null} [code] the API's code, when it says more than the field's rule
   * @param {string | null} [summaryText] a message of the form as a whole
   */
  function showErrors(form, errors, code = null, summaryText = null) {
    for (const node of $$('[data-testid="field-error"]', form)) {
      node.textContent = '';
      node.hidden = true;
    }
    for (const node of $$('[aria-invalid]', form)) node.removeAttribute('aria-invalid');
    /** @type {HTMLElement | null} */
    let first = null;
    const byCode = code && code !== 'VALIDATION_FAILED' ? codeText(t, code) : null;
    for (const error of errors) {
      const name = formField(error.field);
      const box = form.querySelector(`[data-testid="field-error"][data-field="${name}"]`);
      const text = byCode ?? rules[name] ?? t.field.invalid;
      if (!(box instanceof HTMLElement)) {
        summaryText ??= text;
        continue;
      }
      if (!box.textContent?.includes(text)) box.textContent = box.textContent ? `${box.textContent} ${text}` : text;
      box.hidden = false;
      const control = form.querySelector(`[name="${name}"]`);
      if (control instanceof HTMLElement) {
        control.setAttribute('aria-invalid', 'true');
        first ??= control;
      }
    }
    const summary = $('[data-testid="form-error"]', form);
    const shown = errors.length > 0 || summaryText !== null;
    summary.textContent = shown ? [errors.length > 0 ? t.field.fix : null, summaryText].filter(Boolean).join(' ') : '';
    summary.hidden = !shown;
    first?.focus();
  }

  /**
   * The form of a new subscription, or of `existing` (prefilled with what the list showed; saved
   * with its version as If-Match).
   * @param {Subscription | null} [existing]
   */
  function subscriptionForm(existing = null) {
    // Editing keeps the recipient it has, even one disabled since (the API then says so on its field).
    const recipients = [...users.values()].filter((u) => !u.disabled || u.id === existing?.recipientUserId).map((u) => u.id);
    if (existing && !recipients.includes(existing.recipientUserId)) recipients.push(existing.recipientUserId);
    const recipient = select(
      'recipientUserId',
      [
        { value: '', label: s.chooseRecipient },
        ...recipients.map((id) => {
          const user = users.get(id);
          return { value: id, label: user ? `${recipientText(id)} · ${roles[user.role] ?? user.role}` : id };
        }),
      ],
      existing?.recipientUserId ?? '',
    );
    const email = el('input', {
      name: 'email',
      type: 'email',
      autocomplete: 'off',
      spellcheck: 'false',
      value: existing?.email ?? '',
      'data-testid': 'subscription-email',
    });
    const level = select(
      'level',
      LEVELS.map((l) => ({ value: l, label: t[l] })),
      existing?.level ?? 'branch',
    );
    const unit = select('unit', [], '');
    const unitField = field('unit', s.unit, unit);
    const kind = select(
      'kind',
      [
        { value: 'monthly', label: s.monthly },
        { value: 'weekly', label: s.weekly },
      ],
      existing?.schedule.kind ?? 'monthly',
    );
    const businessDay = el('input', {
      name: 'businessDay',
      type: 'number',
      min: '1',
      max: String(MAX_BUSINESS_DAY),
      step: '1',
      value: existing?.schedule.kind === 'monthly' ? String(existing.schedule.businessDay) : '3',
      'data-testid': 'subscription-businessDay',
    });
    const businessDayField = field('businessDay', s.businessDay, businessDay, s.businessDayHelp(MAX_BUSINESS_DAY));
    const weekday = select(
      'weekday',
      [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: weekdayName(d) })),
      existing?.schedule.kind === 'weekly' ? String(existing.schedule.weekday) : '1',
    );
    const weekdayField = field('weekday', s.weekday, weekday);
    const currency = select(
      'currency',
      [
        { value: 'group', label: t.currencyGroup },
        { value: 'branch', label: t.currencyBranch },
      ],
      'branch',
    );
    const view = select(
      'view',
      [
        { value: 'restated', label: t.restated },
        { value: 'as-closed', label: t.asClosed },
      ],
      existing?.view ?? 'restated',
    );
    const timeZone = el('input', {
      name: 'timeZone',
      autocomplete: 'off',
      spellcheck: 'false',
      value: existing?.timeZone ?? '',
      'data-testid': 'subscription-timeZone',
    });
    const packLocale = select(
      'locale',
      PAGE_LOCALES.map((l) => ({ value: l, label: s.language[l] })),
      existing?.locale ?? locale,
    );
    const formats = el(
      'fieldset',
      { class: 'field choices', 'data-testid': 'subscription-formats' },
      el('legend', { text: s.formats }),
      el(
        'div',
        { class: 'choice-list' },
        FORMATS.map((f) =>
          el(
            'label',
            { class: 'choice' },
            el('input', {
              type: 'checkbox',
              name: 'formats',
              value: f,
              checked: existing ? existing.formats.includes(f) : true,
              'data-testid': `subscription-format-${f}`,
            }),
            ` ${s.format[f]}`,
          ),
        ),
      ),
      fieldError('formats'),
    );

    const units = () => {
      const options =
        level.value === 'region'
          ? regions.map((r) => ({ value: r.id, label: regionLabel(r.id) }))
          : level.value === 'branch'
            ? branches.map((b) => ({ value: b.id, label: branchLabel(b.id) }))
            : [];
      unit.replaceChildren(...options.map((o) => el('option', { value: o.value, text: o.label })));
      unitField.hidden = level.value === 'group';
      // A branch's pack is in its own currency by default, a region's or the group's in the group's.
      currency.value = level.value === 'branch' ? 'branch' : 'group';
    };
    const days = () => {
      businessDayField.hidden = kind.value !== 'monthly';
      weekdayField.hidden = kind.value !== 'weekly';
    };
    level.addEventListener('change', units);
    kind.addEventListener('change', days);
    units();
    days();
    if (existing) {
      if (existing.level !== 'group') unit.value = existing.unitId;
      currency.value = existing.currency;
    }

    const form = el(
      'form',
      {
        class: 'panel admin-form',
        'data-testid': 'subscription-form',
        'data-mode': existing ? 'edit' : 'new',
        'data-id': existing?.id,
        // The version the change is sent against; a pause or resume from the row moves it on (see row()).
        'data-version': existing ? String(existing.version) : undefined,
        novalidate: true,
      },
      el('h3', { text: existing ? s.editSubscription : s.newSubscription }),
      el('p', { class: 'form-error', role: 'alert', 'data-testid': 'form-error', hidden: true }),
      el(
        'div',
        { class: 'fields' },
        field('recipientUserId', s.recipient, recipient),
        field('email', s.email, email, s.emailHelp),
        field('level', s.level, level),
        unitField,
        field('kind', s.schedule, kind),
        businessDayField,
        weekdayField,
        field('currency', t.currency, currency),
        field('view', t.view, view),
        field('timeZone', s.timeZone, timeZone, s.timeZoneHelp),
        field('locale', s.packLanguage, packLocale),
      ),
      formats,
      el(
        'div',
        { class: 'actions' },
        el('button', { type: 'submit', class: 'primary', 'data-testid': 'subscription-save', text: existing ? s.save : s.create }),
        el('button', { type: 'button', class: 'secondary', 'data-testid': 'subscription-cancel', text: s.close, onclick: () => formHost.replaceChildren() }),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = $$('input[name="formats"]:checked', form, HTMLInputElement).map((i) => i.value);
      /** @type {Record<string, unknown>} */
      const body = {
        recipientUserId: recipient.value,
        email: email.value.trim(),
        level: level.value,
        ...(level.value === 'branch' ? { branchId: unit.value } : level.value === 'region' ? { regionId: unit.value } : {}),
        schedule: kind.value === 'monthly' ? { kind: 'monthly', businessDay: Number(businessDay.value) } : { kind: 'weekly', weekday: Number(weekday.value) },
        currency: currency.value,
        view: view.value,
        timeZone: timeZone.value.trim() || null,
        formats: chosen,
        locale: packLocale.value,
      };
      // What the page can tell at once; everything else (the address, the time zone, the
      // recipient's scope, a duplicate) the API answers, and its answer is shown by field.
      /** @type {FieldError[]} */
      const errors = [];
      if (!recipient.value) errors.push({ field: 'recipientUserId', messages: [] });
      if (!body.email) errors.push({ field: 'email', messages: [] });
      if (level.value !== 'group' && !unit.value) errors.push({ field: 'unit', messages: [] });
      if (chosen.length === 0) errors.push({ field: 'formats', messages: [] });
      showErrors(form, errors);
      if (errors.length > 0) return;
      const button = $('button[type="submit"]', form, HTMLButtonElement);
      button.disabled = true;
      (existing ? api.updatePackSubscription(existing.id, body, Number(form.dataset.version)) : api.createPackSubscription(body))
        .then(
          /** @param {Subscription} saved */
          (saved) => {
            formHost.replaceChildren();
            say(
              existing ? s.updated(recipientText(saved.recipientUserId)) : s.created(recipientText(saved.recipientUserId), unitText(saved.level, saved.unitId)),
            );
            void loadList();
          },
        )
        .catch((/** @type {unknown} */ error) => {
          if (existing && gone(existing, error)) return;
          if (error instanceof api.ApiError && error.errors.length > 0 && (error.status === 400 || error.status === 422))
            showErrors(form, error.errors, error.code);
          else if (error instanceof api.ApiError && error.status === 409) showErrors(form, [], null, codeText(t, error.code) ?? t.conflict);
          else if (error instanceof api.ApiError && error.status === 400) showErrors(form, [], null, codeText(t, error.code) ?? t.invalidRequest);
          else ctx.handle(error);
        })
        .finally(() => {
          button.disabled = false;
        });
    });
    formHost.replaceChildren(form);
    recipient.focus();
  }

  /**
   * A change or cancellation of `subscription` the API refused because the page's version is not
   * the current one (409 VERSION_CONFLICT: someone else changed it meanwhile) or because it is no
   * more (404): said, the form closed and the list reloaded, nothing overwritten. False for any
   * other error (the caller shows it).
   * @param {Subscription} subscription
   * @param {unknown} error
   * @returns {boolean}
   */
  function gone(subscription, error) {
    if (!(error instanceof api.ApiError)) return false;
    const stale = error.status === 409 && error.code === 'VERSION_CONFLICT';
    if (!stale && error.status !== 404) return false;
    if (formHost.querySelector(`[data-testid="subscription-form"][data-id="${subscription.id}"]`)) formHost.replaceChildren();
    say(stale ? s.stale(recipientText(subscription.recipientUserId)) : (codeText(t, error.code) ?? t.notFound));
    if (!stale && logOf === subscription.id) logOf = null;
    void Promise.all([loadList(), stale ? null : loadLog()]);
    return true;
  }

  // ---- the list ----

  /**
   * @param {string} testid
   * @param {string} label
   * @param {() => void} run
   */
  const action = (testid, label, run) => el('button', { type: 'button', class: 'link', 'data-testid': testid, text: label, onclick: run });

  /** @param {Subscription} subscription */
  function row(subscription) {
    /** @param {unknown} error */
    const refused = (error) => {
      if (!gone(subscription, error)) ctx.handle(error);
    };
    const pause = action('subscription-toggle', subscription.enabled ? s.pause : s.resume, () => {
      api
        .updatePackSubscription(subscription.id, { enabled: !subscription.enabled }, subscription.version)
        .then((/** @type {Subscription} */ saved) => {
          // The form open on this subscription is not stale for this page's own pause or resume
          // (its fields do not include `enabled`): it saves against the new version.
          const open = formHost.querySelector(`[data-testid="subscription-form"][data-id="${subscription.id}"]`);
          if (open instanceof HTMLElement) open.dataset.version = String(saved.version);
          say(subscription.enabled ? s.paused(recipientText(subscription.recipientUserId)) : s.resumed(recipientText(subscription.recipientUserId)));
          return loadList();
        })
        .catch(refused);
    });
    // Cancelling asks once more in the row itself (no dialog).
    const cancel = action('subscription-delete', s.cancelSubscription, () => {
      cancel.hidden = true;
      confirm.hidden = false;
      keep.hidden = false;
      confirm.focus();
    });
    const confirm = action('subscription-delete-confirm', s.confirmCancel, () => {
      api
        .deletePackSubscription(subscription.id, subscription.version)
        .then(() => {
          say(s.cancelled(recipientText(subscription.recipientUserId), unitText(subscription.level, subscription.unitId)));
          if (logOf === subscription.id) logOf = null;
          if (formHost.querySelector(`[data-testid="subscription-form"][data-id="${subscription.id}"]`)) formHost.replaceChildren();
          return Promise.all([loadList(), loadLog()]);
        })
        .catch(refused);
    });
    const keep = action('subscription-delete-keep', s.keep, () => {
      cancel.hidden = false;
      confirm.hidden = true;
      keep.hidden = true;
    });
    confirm.hidden = true;
    keep.hidden = true;
    return el(
      'tr',
      {
        'data-testid': 'subscription-row',
        'data-id': subscription.id,
        'data-enabled': String(subscription.enabled),
        'data-version': String(subscription.version),
        class: subscription.enabled ? '' : 'disabled',
      },
      el('td', { class: 'text' }, recipientText(subscription.recipientUserId), el('br'), el('small', { class: 'muted', text: subscription.email })),
      el('td', { class: 'text', 'data-testid': 'subscription-unit-text', text: unitText(subscription.level, subscription.unitId) }),
      el('td', { class: 'text', 'data-testid': 'subscription-schedule', text: scheduleText(subscription.schedule) }),
      el('td', { class: 'text', text: subscription.currency === 'group' ? t.currencyGroup : t.currencyBranch }),
      el('td', { class: 'text', text: subscription.view === 'as-closed' ? t.asClosed : t.restated }),
      el('td', { class: 'text', text: subscription.timeZone ?? s.unitTimeZone }),
      el('td', { class: 'text', text: [subscription.formats.map((f) => s.format[f]).join(', '), s.language[subscription.locale]].join(' · ') }),
      el('td', { class: 'text', 'data-testid': 'subscription-state', text: subscription.enabled ? s.active : s.pausedState }),
      el(
        'td',
        { class: 'text row-actions' },
        action('subscription-log', s.showLog, () => {
          logOf = subscription.id;
          void loadLog();
        }),
        action('subscription-edit', s.edit, () => subscriptionForm(subscription)),
        pause,
        cancel,
        confirm,
        keep,
      ),
    );
  }

  async function loadList() {
    const request = ++listRequest;
    try {
      /** @type {Subscription[]} */
      const subscriptions = await api.packSubscriptions();
      if (request !== listRequest) return;
      for (const subscription of subscriptions) subscriptionRecipient.set(subscription.id, subscription.recipientUserId);
      listBody.replaceChildren(
        ...(subscriptions.length === 0
          ? [el('tr', { 'data-testid': 'subscriptions-empty' }, el('td', { class: 'text muted', colspan: '9', text: s.none }))]
          : subscriptions.map(row)),
      );
    } catch (error) {
      if (request === listRequest) ctx.handle(error);
    }
  }

  // ---- the delivery log ----

  /** @param {Delivery} delivery */
  function logRow(delivery) {
    const reason = delivery.lastError
      ? el(
          'td',
          { class: 'text', 'data-testid': 'delivery-reason' },
          reasonText(t, delivery.lastError),
          // The server's own words (often the mail server's, in English), for whoever looks into it.
          el('details', { class: 'small' }, el('summary', { text: s.details }), el('code', { text: delivery.lastError })),
        )
      : el('td', { class: 'text muted', text: NO_FIGURE });
    const retry = delivery.status === 'queued' && delivery.nextAttemptAt && delivery.attempts > 0 ? s.nextAttempt(instant(delivery.nextAttemptAt)) : null;
    return el(
      'tr',
      { 'data-testid': 'delivery-row', 'data-subscription': delivery.subscriptionId, 'data-status': delivery.status },
      el('td', {
        class: 'text',
        text: delivery.periodKey.startsWith('weekly:')
          ? s.weekOf(formatDate(`${delivery.periodKey.slice('weekly:'.length)}T00:00:00Z`, locale))
          : formatMonth(delivery.period, locale),
      }),
      el('td', { class: 'text', text: unitText(delivery.level, delivery.unitId) }),
      el('td', { class: 'text', text: delivery.email }),
      el('td', { class: 'text', text: instant(delivery.dueAt) }),
      el('td', { class: 'text', 'data-testid': 'delivery-status', text: s.status[delivery.status] }),
      el(
        'td',
        { class: 'num', 'data-testid': 'delivery-attempts' },
        String(delivery.attempts),
        retry ? el('br') : null,
        retry ? el('small', { class: 'muted', text: retry }) : null,
      ),
      el('td', { class: 'text', text: delivery.sentAt ? instant(delivery.sentAt) : NO_FIGURE }),
      reason,
    );
  }

  /**
   * The log of `logOf` under its title. Latest wins: two quick clicks on two subscriptions' logs
   * show the second's, whichever answer comes last (the first's answer is dropped).
   */
  async function loadLog() {
    const request = ++logRequest;
    logTitle.textContent = logOf === null ? s.log : s.logOf(recipientText(subscriptionRecipient.get(logOf) ?? ''));
    logAll.hidden = logOf === null;
    try {
      /** @type {Delivery[]} */
      const deliveries = await api.packDeliveries({ limit: LOG_LIMIT, subscriptionId: logOf ?? undefined });
      if (request !== logRequest) return;
      logBody.dataset.subscription = logOf ?? '';
      logBody.replaceChildren(
        ...(deliveries.length === 0
          ? [el('tr', { 'data-testid': 'deliveries-empty' }, el('td', { class: 'text muted', colspan: '8', text: s.noDeliveries }))]
          : deliveries.map(logRow)),
      );
    } catch (error) {
      if (request === logRequest) ctx.handle(error);
    }
  }
  /** @param {string[]} labels */
  const head = (labels) =>
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        labels.map((label) => el('th', { class: 'text', text: label })),
      ),
    );

  host.replaceChildren(
    el('h2', { class: 'unit-title', text: s.title }),
    el('p', { class: 'muted small', text: s.help }),
    status,
    formHost,
    el(
      'section',
      { class: 'panel', 'data-testid': 'subscriptions' },
      el(
        'div',
        { class: 'panel-head' },
        el('h3', { text: s.title }),
        el('button', { type: 'button', class: 'primary', 'data-testid': 'new-subscription', text: s.newSubscription, onclick: () => subscriptionForm() }),
      ),
      el(
        'table',
        { class: 'admin', 'data-testid': 'subscriptions-table' },
        head([s.recipient, s.unit, s.schedule, t.currency, t.view, s.timeZone, s.pack, s.state, t.users.actions]),
        listBody,
      ),
    ),
    el(
      'section',
      { class: 'panel', 'data-testid': 'delivery-log' },
      el('div', { class: 'panel-head' }, logTitle, logAll),
      el(
        'table',
        { class: 'admin', 'data-testid': 'delivery-log-table' },
        head([s.period, s.unit, s.email, s.dueAt, s.state, s.attempts, s.sentAt, s.reason]),
        logBody,
      ),
    ),
  );

  /** Users first (the list and the log name the recipients), then the rest. */
  async function start() {
    try {
      /** @type {User[]} */
      const list = await api.users();
      users = new Map(list.map((u) => [u.id, u]));
    } catch (error) {
      ctx.handle(error);
      return;
    }
    await Promise.all([loadList(), loadLog()]);
  }
  void start();
}
