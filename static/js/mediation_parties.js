/* "Add another party" on the mediation intake form: clones the formset's empty row
   (a <template data-formset-empty>) and raises TOTAL_FORMS. */
(function () {
  "use strict";
  document.querySelectorAll("[data-formset]").forEach(function (box) {
    var prefix = box.dataset.formset;
    var total = box.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = box.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var template = box.querySelector("template[data-formset-empty]");
    var rows = box.querySelector("[data-formset-rows]");
    var button = box.querySelector("[data-formset-add]");
    if (!total || !template || !rows || !button) { return; }
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) { return; }
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      while (holder.firstChild) { rows.appendChild(holder.firstChild); }
      total.value = String(index + 1);
      var first = rows.lastElementChild && rows.lastElementChild.querySelector("input");
      if (first) { first.focus(); }
    });
  });
})();
