/*
 * Building the page without ever parsing data as HTML. Every string that
 * reaches the DOM goes through a text node (textContent) or an attribute
 * set with setAttribute, so a client called <img onerror=...> shows as
 * exactly that text. No function here sets innerHTML, and none sets a
 * style attribute: the Content-Security-Policy forbids inline styles, so
 * looks come from classes in style.css.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') {
      for (const [type, handler] of Object.entries(value)) node.addEventListener(type, handler);
    } else if (key === 'class' && Array.isArray(value)) {
      node.setAttribute('class', value.filter(Boolean).join(' '));
    } else if (key === 'style') {
      throw new Error('inline styles are not allowed by the Content-Security-Policy');
    } else if (key === 'value' && 'value' in node) {
      node.value = String(value);
    } else if (key === 'checked' || key === 'selected' || key === 'disabled') {
      node[key] = Boolean(value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/* el('p', {class: 'note'}, 'text', otherNode): an HTML element; strings become text. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  apply(node, attrs);
  append(node, children);
  return node;
}

/* The same for SVG elements (the timeline). */
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  apply(node, attrs);
  append(node, children);
  return node;
}

/* Replaces everything inside node with children. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

let idCounter = 0;
/* A fresh id for pairing a <label for> with its field. */
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/* A labelled field: <div class="field"><label>..</label>control hint</div>. */
export function field(labelText, control, hintText) {
  if (!control.id) control.id = uid('field');
  const children = [el('label', { for: control.id }, labelText)];
  if (hintText) {
    const hint = el('p', { class: 'hint', id: uid('hint') }, hintText);
    control.setAttribute('aria-describedby', hint.id);
    children.push(control, hint);
  } else {
    children.push(control);
  }
  return el('div', { class: 'field' }, children);
}
