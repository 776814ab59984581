// The table downloads of the pages: an Excel and a CSV button that ask the same request as the
// table on screen with `format` (the figures of the JSON answer; docs/adr/0024-table-exports.md),
// the token sent in the header, times in the reader's time zone.
import * as api from './api.js';
import { el } from './dom.js';
import { texts } from './i18n.js';

/**
 * The reader's time zone (the packs show their times in it), when the browser says one.
 * @returns {string | undefined}
 */
export function readerTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
}

/**
 * `{ path, params, fileName, testid, locale, onError }`: buttons `<testid>-xlsx` and `<testid>-csv`;
 * the server names the file (fileName, without extension, is the fallback).
 * @param {{ path: string, params: import('./api.js').Params, fileName: string, testid: string, locale: import('./format.js').Locale, onError: (error: unknown) => void }} options
 */
export function tableDownloads({ path, params, fileName, testid, locale, onError }) {
  const t = texts(locale);
  /** @param {'xlsx' | 'csv'} format @param {string} label */
  const button = (format, label) =>
    el('button', {
      type: 'button',
      class: 'download secondary',
      'data-testid': `${testid}-${format}`,
      text: label,
      onclick: () => api.download(path, { ...params, format, tz: readerTimeZone() }, `${fileName}.${format}`).catch(onError),
    });
  return el('div', { class: 'actions' }, button('xlsx', t.downloadXlsx), button('csv', t.downloadCsv));
}
