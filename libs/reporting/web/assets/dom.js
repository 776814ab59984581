// Small DOM helpers shared by the pages. Everything is built with createElement and listeners
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
 * `el('button', { class, text, onclick, 'data-testid': … }, …children)`: `on…` keys add
 * listeners, `style` is an object of CSS properties set through the CSSOM, `false`/`null` skip.
 */
/** @typedef {Node | string | number | null | undefined | false} Child */
/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any>} [attributes]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'style') Object.assign(node.style, value);
    else if (key === 'value') /** @type {HTMLInputElement} */ (node).value = value;
    else if (key === 'checked') /** @type {HTMLInputElement} */ (node).checked = Boolean(value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat())
    if (child !== null && child !== undefined && child !== false) node.append(typeof child === 'number' ? String(child) : child);
  return node;
}
