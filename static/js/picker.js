/* Cadre picker: a search box that fills a hidden <select multiple data-cadre-picker>.
   Results come from the select's data-url (?q=…) as {"results": [{id, name, area}]}. */
(function () {
  "use strict";
  function badge(select, id, label, chosen) {
    var item = document.createElement("span");
    item.className = "badge text-bg-secondary d-inline-flex align-items-center gap-1";
    item.textContent = label;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close btn-close-white";
    remove.setAttribute("aria-label", "×");
    remove.addEventListener("click", function () {
      var option = select.querySelector('option[value="' + id + '"]');
      if (option) { option.remove(); }
      item.remove();
    });
    item.appendChild(remove);
    chosen.appendChild(item);
  }
  function setUp(select) {
    var box = select.closest(".cadre-picker");
    var search = box.querySelector("[data-picker-search]");
    var results = box.querySelector("[data-picker-results]");
    var chosen = box.querySelector("[data-picker-chosen]");
    select.hidden = true;
    Array.prototype.forEach.call(select.options, function (option) {
      option.selected = true;
      badge(select, option.value, option.textContent, chosen);
    });
    var timer = null;
    var asked = 0;
    function find() {
      var text = search.value.trim();
      var ask = ++asked;
      results.replaceChildren();
      if (!text) { return; }
      fetch(select.dataset.url + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) {
          if (ask !== asked) { return; }  // a later search has been asked for; its answer counts
          results.replaceChildren();
          if (!data.results.length) { say(results.dataset.none); }
          data.results.forEach(function (person) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "list-group-item list-group-item-action";
            button.textContent = person.name + " · " + person.area;
            button.addEventListener("click", function () {
              if (!select.querySelector('option[value="' + person.id + '"]')) {
                var option = new Option(person.name, person.id, true, true);
                select.appendChild(option);
                badge(select, person.id, person.name, chosen);
              }
              results.replaceChildren();
              search.value = "";
              search.focus();
            });
            results.appendChild(button);
          });
        })
        .catch(function () {
          if (ask === asked) { say(results.dataset.failed); }
        });
    }
    function say(text) {
      var line = document.createElement("div");
      line.className = "list-group-item text-body-secondary small";
      line.textContent = text;
      results.replaceChildren(line);
    }
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(find, 200);
    });
    // On a slow phone the page shows before this script runs; what was typed meanwhile is searched now.
    if (search.value.trim()) { find(); }
  }
  document.querySelectorAll("select[data-cadre-picker]").forEach(setUp);
})();
