/*
 * Two kinds of question. A single choice is a row of toggle buttons rather
 * than radio buttons: each button is its own Tab stop and Space or Enter
 * picks it, so the whole form works with Tab, Space and Enter alone (radio
 * groups need the arrow keys to move inside a group). A multiple choice is a
 * plain list of labelled checkboxes.
 */
import { el, uid } from './dom.js';

/*
 * choiceGroup({name, legend, hint, options: [{code, label, detail}], value, onChange})
 * -> {element, value, set(code), focus()}. value '' means nothing chosen
 * unless an option has the code ''.
 */
export function choiceGroup({ name, legend, hint, options, value = null, onChange, wide = false }) {
  const legendId = uid('legend');
  const buttons = new Map();
  let current = value;
  const hintNode = hint ? el('p', { class: 'hint', id: uid('hint') }, hint) : null;
  const list = el('div', { class: ['choices', wide && 'choices-wide'] });
  const group = el(
    'fieldset',
    {
      class: 'choice-group',
      'data-question': name,
      'aria-describedby': hintNode ? hintNode.id : undefined,
    },
    el('legend', { id: legendId }, legend),
    hintNode,
    list,
  );

  function render() {
    for (const [code, button] of buttons) button.setAttribute('aria-pressed', String(code === current));
  }

  for (const option of options) {
    const button = el(
      'button',
      {
        type: 'button',
        class: 'choice',
        'data-value': option.code,
        on: {
          click: () => {
            current = option.code;
            render();
            if (onChange) onChange(current);
          },
        },
      },
      el('span', { class: 'choice-label' }, option.label),
      option.detail ? el('span', { class: 'choice-detail' }, option.detail) : null,
    );
    buttons.set(option.code, button);
    list.appendChild(button);
  }
  render();

  return {
    element: group,
    get value() {
      return current;
    },
    set(code) {
      current = code;
      render();
    },
    focus() {
      (buttons.get(current) || list.firstElementChild).focus();
    },
  };
}

/*
 * checkboxGroup({name, legend, hint, options, checked: [codes], onChange})
 * -> {element, values(), set([codes]), focus()}
 */
export function checkboxGroup({ name, legend, hint, options, checked = [], onChange, columns = true }) {
  const boxes = [];
  const hintNode = hint ? el('p', { class: 'hint', id: uid('hint') }, hint) : null;
  const list = el('div', { class: ['checks', columns && 'checks-columns'] });
  for (const option of options) {
    const id = uid('check');
    const box = el('input', {
      type: 'checkbox',
      id,
      value: option.code,
      checked: checked.includes(option.code),
      on: { change: () => onChange && onChange() },
    });
    boxes.push(box);
    list.appendChild(el('div', { class: 'check' }, box, el('label', { for: id }, option.label)));
  }
  const group = el(
    'fieldset',
    {
      class: 'check-group',
      'data-question': name,
      'aria-describedby': hintNode ? hintNode.id : undefined,
    },
    el('legend', {}, legend),
    hintNode,
    list,
  );
  return {
    element: group,
    values: () => boxes.filter((box) => box.checked).map((box) => box.value),
    set(codes) {
      for (const box of boxes) box.checked = codes.includes(box.value);
    },
    focus() {
      boxes[0].focus();
    },
  };
}
