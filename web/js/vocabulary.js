/*
 * The words of an assessment (docs/protocol.md#rules, docs/protocol.md#screening) with what a person reads for
 * each. The codes are the API's; the numbers behind them are not here: every
 * count, interval and month comes from the server's plan, which comes from
 * the clinic's protocol.
 */

export const laxity = [
  {
    code: 'none',
    label: 'Firm',
    staff: 'None (firm)',
    detail: 'Skin springs straight back when gently pinched; you want to keep it that way.',
  },
  {
    code: 'mild',
    label: 'A little soft',
    staff: 'Mild',
    detail: 'Fine lines and a little less bounce, for example make-up settling into lines.',
  },
  {
    code: 'moderate',
    label: 'Visibly loose',
    staff: 'Moderate',
    detail: 'Early jowls or creases that stay after you stop smiling.',
  },
  {
    code: 'severe',
    label: 'Very loose',
    staff: 'Severe',
    detail: 'Skin that folds or hangs, for example heavy jowls or a crepey neck.',
  },
];

export const goals = [
  { code: 'prevention', label: 'Prevent', staff: 'Prevention', detail: 'Keep skin firm before it starts to loosen.' },
  { code: 'improvement', label: 'Improve', staff: 'Improvement', detail: 'Visibly firmer, smoother skin.' },
  {
    code: 'transformation',
    label: 'Transform',
    staff: 'Transformation',
    detail: 'The biggest change microneedling can give.',
  },
];

export const areas = [
  { code: 'under-eyes', label: 'Under the eyes' },
  { code: 'face', label: 'Face' },
  { code: 'neck', label: 'Neck' },
  { code: 'chest', label: 'Chest (décolletage)' },
  { code: 'arms', label: 'Upper arms' },
  { code: 'abdomen', label: 'Abdomen' },
];

export const risks = [
  { code: 'diabetes', label: 'Diabetes' },
  { code: 'autoimmune', label: 'An autoimmune condition (for example lupus)', staff: 'Autoimmune condition' },
  { code: 'slow-healing', label: 'My skin heals slowly', staff: 'Slow healing' },
  { code: 'accelerated-aging', label: 'My skin has aged faster than my years', staff: 'Accelerated ageing' },
  { code: 'sun-damage', label: 'Sun damage (years of tanning, sun spots)', staff: 'Sun damage' },
  { code: 'smoking', label: 'I smoke', staff: 'Smoking' },
  {
    code: 'poor-aftercare',
    label: 'I may not manage daily aftercare and sun protection',
    staff: 'Poor aftercare expected',
  },
];

export const concerns = [
  { code: 'deep-wrinkles', label: 'Deep wrinkles' },
  { code: 'enlarged-pores', label: 'Enlarged pores' },
  { code: 'loose-neck-skin', label: 'Loose skin on the neck' },
];

export const modalities = [
  {
    code: 'auto',
    label: 'No preference',
    staff: 'Auto (protocol decides)',
    detail: 'The clinic recommends the method for your skin.',
  },
  {
    code: 'traditional',
    label: 'Traditional microneedling',
    staff: 'Traditional',
    detail: 'Fine needles only; good for texture and mild tightening.',
  },
  {
    code: 'rf',
    label: 'Radiofrequency (RF) microneedling',
    staff: 'RF microneedling',
    detail: 'Needles that also deliver heat, for more tightening.',
  },
  {
    code: 'roller',
    label: 'At-home roller',
    staff: 'Roller (at home)',
    detail: 'A derma roller you use yourself; milder results.',
  },
];

export const screening = [
  { code: 'pregnancy', label: 'I am pregnant', staff: 'Pregnancy' },
  {
    code: 'active-acne',
    label: 'I have active acne breakouts where I want treatment',
    staff: 'Active acne on the area',
  },
  {
    code: 'active-infection',
    label: 'I have a skin infection or open wound where I want treatment',
    staff: 'Active infection on the area',
  },
  { code: 'keloid-tendency', label: 'My scars tend to become raised and thick (keloids)', staff: 'Keloid tendency' },
  {
    code: 'pacemaker',
    label: 'I have a pacemaker or another implanted electronic device',
    staff: 'Pacemaker / implanted device',
  },
  {
    code: 'isotretinoin',
    label: 'I take, or recently took, isotretinoin (for example Roaccutane)',
    staff: 'Isotretinoin (recent)',
  },
  { code: 'anticoagulants', label: 'I take blood thinners', staff: 'Anticoagulants' },
  {
    code: 'immunosuppression',
    label: 'My immune system is weakened by an illness or a medicine',
    staff: 'Immunosuppression',
  },
  { code: 'metal-allergy', label: 'I am allergic to metals such as nickel', staff: 'Metal allergy' },
  { code: 'herpes-history', label: 'I get cold sores (herpes)', staff: 'Herpes history (cold sores)' },
];

export const skinTypes = [
  { code: '', label: 'Not sure', detail: 'Leave it to the practitioner.' },
  { code: 'I', label: 'Type I', detail: 'Very fair; always burns, never tans.' },
  { code: 'II', label: 'Type II', detail: 'Fair; usually burns, tans a little.' },
  { code: 'III', label: 'Type III', detail: 'Medium; sometimes burns, tans evenly.' },
  { code: 'IV', label: 'Type IV', detail: 'Olive; rarely burns, tans easily.' },
  { code: 'V', label: 'Type V', detail: 'Brown; very rarely burns.' },
  { code: 'VI', label: 'Type VI', detail: 'Dark brown to black; never burns.' },
];

export const weekdays = [
  { code: 'mon', label: 'Monday' },
  { code: 'tue', label: 'Tuesday' },
  { code: 'wed', label: 'Wednesday' },
  { code: 'thu', label: 'Thursday' },
  { code: 'fri', label: 'Friday' },
  { code: 'sat', label: 'Saturday' },
  { code: 'sun', label: 'Sunday' },
];

export const modalityNames = {
  traditional: 'traditional microneedling',
  rf: 'radiofrequency (RF) microneedling',
  roller: 'an at-home roller',
};

export const gais = [
  { code: '1', label: '1 — very much improved' },
  { code: '2', label: '2 — much improved' },
  { code: '3', label: '3 — improved' },
  { code: '4', label: '4 — no change' },
  { code: '5', label: '5 — worse' },
];

/* The label of a code, or the code itself when the list does not know it. */
export function labelOf(list, code) {
  const found = list.find((item) => item.code === code);
  return found ? found.label : code;
}
