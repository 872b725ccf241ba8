/* malrapport: charts stay accessible once vega-embed has drawn them.
 *
 * A chart's container is a figure named by the chart's Swedish title and described by the sentence beside it
 * (its figures in words). vega-embed would rename it "Vega visualization" (role graphics-document) and Vega would
 * add English descriptions of axes and marks, and unnamed images for empty layers. So every call of vegaEmbed
 * asks Vega for no ARIA of its own, puts the container's role, name and description back, and hides the drawing
 * from screen readers, as the static drawing is hidden before.
 */
(function () {
  var embed = window.vegaEmbed;
  if (!embed) { return; }
  var KEPT = ['role', 'aria-label', 'aria-describedby'];

  function withoutAria(spec) {
    var copy = Object.assign({}, spec);
    copy.config = Object.assign({}, spec.config, {aria: false});
    return copy;
  }

  function accessible(element, kept) {
    element.removeAttribute('aria-roledescription');
    KEPT.forEach(function (name) {
      if (kept[name] === null) { element.removeAttribute(name); } else { element.setAttribute(name, kept[name]); }
    });
    element.querySelectorAll('svg, canvas').forEach(function (drawing) {
      drawing.setAttribute('aria-hidden', 'true');
      drawing.removeAttribute('role');
    });
  }

  function embedAccessibly(target, spec, options) {
    var element = typeof target === 'string' ? document.querySelector(target) : target;
    var kept = {};
    KEPT.forEach(function (name) { kept[name] = element ? element.getAttribute(name) : null; });
    return embed(target, withoutAria(spec), options).then(function (result) {
      if (element) { accessible(element, kept); }
      return result;
    }, function (error) {
      if (element) { accessible(element, kept); }
      throw error;
    });
  }

  Object.keys(embed).forEach(function (key) { embedAccessibly[key] = embed[key]; });
  window.vegaEmbed = embedAccessibly;
})();
