// Small helpers shared by the pages: the DOM, and the choices read from it. Everything is built with createElement and listeners
// (no innerHTML, no inline handlers or style attributes), so the page runs under a strict
// Content-Security-Policy.

/**
 * The page's own element for `selector`: its markup has it, so a missing one (or one of another
 * kind than `type`, e.g. HTMLInputElement) is a bug, thrown at once rather than as a TypeError later.
 * @template {Element} E
 * @overload
 * @param {string} selector
 * @param {ParentNode} root
 * @param {new () => E} type
 * @returns {E}
 */
/**
 * @overload
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {HTMLElement}
 */
/**
 * @param {string} selector
 * @param {ParentNode} [root]
 * @param {new () => Element} [type]
 * @returns {Element}
 */
export function $(selector, root = document, type = HTMLElement) {
  const node = root.querySelector(selector);
  if (!(node instanceof type)) throw new Error(`the page has no ${type.name} ${selector}`);
  return node;
}

/**
 * Every element for `selector` (of kind `type`, e.g. HTMLInputElement).
 * @template {Element} E
 * @overload
 * @param {string} selector
 * @param {ParentNode} root
 * @param {new () => E} type
 * @returns {E[]}
 */
/**
 * @overload
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {HTMLElement[]}
 */
/**
 * @param {string} selector
 * @param {ParentNode} [root]
 * @param {new () => Element} [type]
 * @returns {Element[]}
 */
export function $$(selector, root = document, type = HTMLElement) {
  return [...root.querySelectorAll(selector)].filter((node) => node instanceof type);
}

/**
 * An attribute of `el`: `false`, `null` and `undefined` leave it out, `true` sets it empty.
 * @typedef {string | number | boolean | null | undefined} AttributeValue
 */
/**
 * `on…` keys are listeners (of the event the name says), `style` CSS properties, the others attributes.
 * @typedef {{ style?: Partial<CSSStyleDeclaration>, [listener: `on${string}`]: ((event: Event) => unknown) | undefined, [name: string]: AttributeValue | Partial<CSSStyleDeclaration> | ((event: Event) => unknown) }} Attributes
 */
/** @typedef {Node | string | number | null | undefined | false} Child */
/**
 * `el('button', { class, text, onclick, 'data-testid': … }, …children)`: `on…` keys add
 * listeners, `style` is an object of CSS properties set through the CSSOM, `false`/`null` skip.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attributes} [attributes]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else throw new TypeError(`el: ${key} is not a listener`);
    } else if (typeof value === 'object') {
      if (key === 'style') Object.assign(node.style, value);
      else throw new TypeError(`el: ${key} is not the style`);
    } else if (key === 'class') node.className = String(value);
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'value') /** @type {HTMLInputElement} */ (node).value = String(value);
    else if (key === 'checked') /** @type {HTMLInputElement} */ (node).checked = Boolean(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat())
    if (child !== null && child !== undefined && child !== false) node.append(typeof child === 'number' ? String(child) : child);
  return node;
}

/**
 * The value of the input or select an event happened on (a `change` or `input` listener's).
 * @param {Event} event
 * @returns {string}
 */
export function valueOf(event) {
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement) return target.value;
  throw new TypeError('the event is not on an input or a select');
}

/**
 * Whether `value` is one of `list` (an address's or a select's choice among known ones).
 * @template {string} T
 * @param {readonly T[]} list
 * @param {string | null | undefined} value
 * @returns {value is T}
 */
export function isOneOf(list, value) {
  return list.some((item) => item === value);
}
