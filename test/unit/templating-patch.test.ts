/**
 * The speed patches of adaptivecards-templating and adaptive-expressions
 * (patches/: memory paths split once, the template version and a false
 * $when's warning text made once) change nothing of what a template expands
 * to, however often it is expanded.
 */
import { Template } from 'adaptivecards-templating';

describe('the patched templating', () => {
  const template = new Template({
    type: 'AdaptiveCard',
    body: [
      { type: 'TextBlock', $when: '${show}', text: 'shown' },
      { type: 'TextBlock', text: "${a.b} ${a['c d']} ${list[1].x} ${$root.a.b} ${$_acTemplateVersion.major}" },
      { type: 'TextBlock', $data: '${list}', text: '${x} of ${$root.a.b}' },
    ],
  });

  it('reads the same paths each time, whatever the data', () => {
    for (const [b, x] of [['one', 'y'], ['two', 'z']]) {
      const card = template.expand({ $root: { show: false, a: { b, 'c d': 'spaced' }, list: [{ x: 'first' }, { x }] } }) as { body: { text: string }[] };
      expect(card.body.map((t) => t.text)).toEqual([`${b} spaced ${x} ${b} 2`, `first of ${b}`, `${x} of ${b}`]);
    }
  });

  it('warns about a false $when with its expression every time', () => {
    const data = { a: { b: 'b', 'c d': 'c' }, list: [{ x: 1 }, { x: 2 }] };
    for (let i = 0; i < 2; i++) {
      template.expand({ $root: { show: false, ...data } });
      expect(template.getLastTemplateExpansionWarnings()).toEqual(['WARN: Unable to parse the Adaptive Expression show. The $when condition has been set to false by default.']);
    }
    template.expand({ $root: { show: true, ...data } });
    expect(template.getLastTemplateExpansionWarnings()).toEqual([]);
  });
});

describe('the patched property lookup', () => {
  it('reads a property spelt as the expression spells it, and one spelt in another case as before', () => {
    const template = new Template({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: '${title} ${TITLE} ${nested.Inner} ${nested.inner} ${missing}' }] });
    const card = template.expand({ $root: { title: 'Tittel', nested: { inner: 'inni' } } }) as { body: { text: string }[] };
    expect(card.body[0]!.text).toBe('Tittel Tittel inni inni ${missing}');
  });
});

describe('the patched expansion of plain values and plain objects', () => {
  it('expands a card the same way: plain values as they are, objects without $when or $data once, lists read by index, objects by any key', () => {
    const template = new Template({
      type: 'AdaptiveCard',
      version: '1.5',
      msteams: { width: 'Full', entities: [] },
      body: [
        { type: 'TextBlock', text: 'fixed', wrap: true, size: null, spacing: 0 },
        { type: 'Container', items: [{ type: 'TextBlock', text: "${list[1].x} ${obj['1']} ${obj['2b']}" }, { type: 'TextBlock', $when: '${show}', text: 'shown' }] },
        { type: 'TextBlock', $data: '${list}', text: '${x}:${$index}' },
        { type: 'TextBlock', $when: '${!show}', text: 'hidden' },
      ],
    });
    const card = template.expand({ $root: { show: true, list: [{ x: 'a' }, { x: 'b' }], obj: { '1': 'one', '2b': 'two' } } });
    expect(card).toEqual({
      type: 'AdaptiveCard',
      version: '1.5',
      msteams: { width: 'Full', entities: [] },
      body: [
        { type: 'TextBlock', text: 'fixed', wrap: true, size: null, spacing: 0 },
        { type: 'Container', items: [{ type: 'TextBlock', text: 'b one two' }, { type: 'TextBlock', text: 'shown' }] },
        { type: 'TextBlock', text: 'a:0' },
        { type: 'TextBlock', text: 'b:1' },
      ],
    });
  });
});
