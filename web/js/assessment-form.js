/*
 * The assessment questions (docs/protocol.md#rules), shared by the public calculator and the
 * staff's "new course" page so that both ask the same thing the same way.
 * read() returns exactly the JSON body POST /api/v1/plan takes; nothing is
 * interpreted here.
 */
import { el, field } from './dom.js';
import { choiceGroup, checkboxGroup } from './choices.js';
import * as vocabulary from './vocabulary.js';
import { todayIso } from './format.js';

function voiced(list, voice) {
  return list.map((item) => ({ ...item, label: voice === 'staff' && item.staff ? item.staff : item.label }));
}

/*
 * assessmentForm({voice: 'client'|'staff', defaults: {skin_type, start, and any other answer}, onChange})
 * (a consultation request's answers pre-fill the staff's new course)
 * -> {element, read() -> {assessment} | {error, focus}}
 */
export function assessmentForm({ voice = 'client', defaults = {}, onChange } = {}) {
  const client = voice === 'client';
  const changed = () => onChange && onChange();

  const laxity = choiceGroup({
    name: 'laxity',
    legend: client ? 'How loose is your skin?' : 'Laxity',
    hint: client ? 'Pick the description closest to the area you most want to treat.' : null,
    options: voiced(vocabulary.laxity, voice),
    value: defaults.laxity || null,
    onChange: changed,
    wide: true,
  });
  const areas = checkboxGroup({
    name: 'areas',
    legend: client ? 'Which areas?' : 'Areas',
    hint: client ? 'Choose every area you would like treated.' : null,
    options: voiced(vocabulary.areas, voice),
    checked: defaults.areas || ['face'],
    onChange: changed,
  });
  const goal = choiceGroup({
    name: 'goal',
    legend: client ? 'What would you like to achieve?' : 'Goal',
    options: voiced(vocabulary.goals, voice),
    value: defaults.goal || 'improvement',
    onChange: changed,
  });
  const risks = checkboxGroup({
    name: 'risks',
    legend: client ? 'Does any of this apply to you?' : 'Risk factors',
    hint: client ? 'These can mean your skin needs a few more sessions. Leave empty if none apply.' : null,
    options: voiced(vocabulary.risks, voice),
    checked: defaults.risks || [],
    onChange: changed,
  });
  const concerns = checkboxGroup({
    name: 'concerns',
    legend: client ? 'Anything else you would like to improve?' : 'Concerns',
    options: voiced(vocabulary.concerns, voice),
    checked: defaults.concerns || [],
    onChange: changed,
  });
  const modality = choiceGroup({
    name: 'modality',
    legend: client ? 'Which treatment would you prefer?' : 'Modality',
    options: voiced(vocabulary.modalities, voice),
    value: defaults.modality || 'auto',
    wide: true,
    onChange: changed,
  });
  const screening = checkboxGroup({
    name: 'screening',
    legend: client ? 'A few health questions' : 'Screening findings',
    hint: client
      ? 'Some conditions mean microneedling must wait or needs extra care. Your answers stay in this page unless you send them to the clinic.'
      : null,
    options: voiced(vocabulary.screening, voice),
    checked: defaults.screening || [],
    onChange: changed,
  });
  const skinType = choiceGroup({
    name: 'skin_type',
    legend: client ? 'Your skin type' : 'Skin type (Fitzpatrick)',
    hint: client ? 'How your skin reacts to the sun. Not sure? Leave it: the practitioner checks it.' : null,
    options: voiced(vocabulary.skinTypes, voice),
    value: defaults.skin_type || '',
    onChange: changed,
  });
  const start = el('input', {
    type: 'date',
    name: 'start',
    required: true,
    value: defaults.start || todayIso(),
    on: { input: changed, change: changed },
  });
  const startField = field(
    client ? 'When would you like to start?' : 'First session',
    start,
    client ? 'We use it to show example dates; the clinic books the real ones.' : null,
  );
  const openDays = client
    ? null
    : checkboxGroup({
        name: 'open_days',
        legend: 'Open days (optional)',
        hint: 'Planned dates that fall on a closed day move to an open day inside their window.',
        options: vocabulary.weekdays,
        checked: defaults.open_days || [],
        onChange: changed,
      });

  const sections = client
    ? [
        el('section', { class: 'step' }, laxity.element, areas.element, goal.element),
        el('section', { class: 'step' }, risks.element, concerns.element),
        el('section', { class: 'step' }, modality.element, startField),
        el('section', { class: 'step' }, screening.element, skinType.element),
      ]
    : [
        el(
          'div',
          { class: 'form-columns' },
          el('div', {}, laxity.element, goal.element, modality.element),
          el('div', {}, areas.element, risks.element, concerns.element),
        ),
        el(
          'div',
          { class: 'form-columns' },
          el('div', {}, screening.element, startField),
          el('div', {}, skinType.element, openDays.element),
        ),
      ];

  function read() {
    if (!laxity.value) {
      return {
        error: client ? 'Please choose how loose your skin is.' : 'Choose the laxity.',
        focus: () => laxity.focus(),
      };
    }
    const chosenAreas = areas.values();
    if (chosenAreas.length === 0) {
      return {
        error: client ? 'Please choose at least one area.' : 'Choose at least one area.',
        focus: () => areas.focus(),
      };
    }
    if (!start.value) {
      return { error: 'Please give a start date.', focus: () => start.focus() };
    }
    const assessment = {
      laxity: laxity.value,
      goal: goal.value,
      areas: chosenAreas,
      risks: risks.values(),
      concerns: concerns.values(),
      modality: modality.value,
      screening: screening.values(),
      start: start.value,
    };
    if (skinType.value) assessment.skin_type = skinType.value;
    if (openDays && openDays.values().length > 0) assessment.open_days = openDays.values();
    return { assessment };
  }

  return { element: el('div', { class: 'assessment' }, sections), read };
}
