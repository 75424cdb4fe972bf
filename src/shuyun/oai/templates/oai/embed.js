{% load i18n %}/* Shuyun search for {{ library.code }}: a search box and results on a member library's own page. */
(function () {
  "use strict";
  var me = document.currentScript;
  var base = "{{ base_url|escapejs }}";
  var code = "{{ library.code }}";  /* upper-case letters, digits and "-" only */
  var text = {
    placeholder: "{% translate 'Search the catalogue' as t %}{{ t|escapejs }}",
    search: "{% translate 'Search' as t %}{{ t|escapejs }}",
    network: "{% translate 'Whole network' as t %}{{ t|escapejs }}",
    found: "{% translate 'results' as t %}{{ t|escapejs }}",
    none: "{% translate 'Nothing found.' as t %}{{ t|escapejs }}",
    failed: "{% translate 'The search is unavailable; try again later.' as t %}{{ t|escapejs }}",
    here: "{% translate 'held here' as t %}{{ t|escapejs }}",
    libraries: "{% translate 'libraries' as t %}{{ t|escapejs }}",
    more: "{% translate 'More results' as t %}{{ t|escapejs }}",
    by: "{{ library.name_zh|escapejs }}"
  };
  var host = me && me.getAttribute("data-target") ? document.getElementById(me.getAttribute("data-target")) : null;
  if (!host) {
    host = document.createElement("div");
    me.parentNode.insertBefore(host, me.nextSibling);
  }
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  root.innerHTML =
    "<style>" +
    ":host{all:initial;display:block;font-family:system-ui,'Noto Sans CJK SC',sans-serif;color:#222}" +
    ".box{border:2px solid {{ site.primary_color|default:'#8c1c13'|escapejs }};border-radius:8px;padding:12px;background:#fff}" +
    "form{display:flex;flex-wrap:wrap;gap:8px;align-items:center}" +
    "input[type=search]{flex:1 1 12em;font-size:16px;padding:8px;border:1px solid #bbb;border-radius:6px}" +
    "button{background:{{ site.primary_color|default:'#8c1c13'|escapejs }};color:#fff;border:0;border-radius:6px;padding:8px 14px;font-size:15px;cursor:pointer}" +
    "label{font-size:14px}" +
    "ol{list-style:none;margin:10px 0 0;padding:0}" +
    "li{padding:8px 0;border-top:1px solid #eee}" +
    "a{color:{{ site.primary_color|default:'#8c1c13'|escapejs }};font-weight:600;text-decoration:none}" +
    ".meta{font-size:13px;color:#555}" +
    ".here{background:{{ site.accent_color|default:'#c9a227'|escapejs }};color:#222;border-radius:4px;padding:0 4px;margin-left:4px;font-size:12px}" +
    ".status{font-size:13px;color:#555;margin-top:8px}" +
    ".by{font-size:12px;color:#777;margin-top:8px}" +
    "</style>" +
    "<div class='box'><form role='search'><input type='search' name='q' required>" +
    "<label><input type='checkbox' name='network'> </label><button type='submit'></button></form>" +
    "<div class='status' role='status' aria-live='polite'></div><ol></ol>" +
    "<button type='button' class='more' hidden></button><div class='by'></div></div>";
  var form = root.querySelector("form");
  var input = form.querySelector("input[type=search]");
  var networkBox = form.querySelector("input[name=network]");
  var status = root.querySelector(".status");
  var list = root.querySelector("ol");
  var more = root.querySelector(".more");
  input.placeholder = text.placeholder;
  input.setAttribute("aria-label", text.placeholder);
  networkBox.parentNode.appendChild(document.createTextNode(text.network));
  networkBox.checked = me && me.getAttribute("data-scope") === "network";
  form.querySelector("button").textContent = text.search;
  more.textContent = text.more;
  root.querySelector(".by").textContent = text.by + " · Shuyun";

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function show(hit) {
    var item = element("li");
    var link = element("a", "", hit.title);
    link.href = hit.url;
    link.target = "_blank";
    link.rel = "noopener";
    item.appendChild(link);
    if (hit.held_here) item.appendChild(element("span", "here", text.here));
    var meta = [hit.creators.join("、"), hit.publisher, hit.year || ""].filter(Boolean).join(" · ");
    item.appendChild(element("div", "meta", meta + " · " + hit.libraries + " " + text.libraries));
    list.appendChild(item);
  }

  function run(cursor) {
    var query = new URLSearchParams({ q: input.value, scope: networkBox.checked ? "network" : "library" });
    if (cursor) query.set("cursor", cursor);
    if (!cursor) list.textContent = "";
    fetch(base + "/embed/" + encodeURIComponent(code) + "/search?" + query.toString())
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        status.textContent = data.total ? data.total + " " + text.found : text.none;
        data.hits.forEach(show);
        more.hidden = !data.next_cursor;
        more.onclick = function () { run(data.next_cursor); };
      })
      .catch(function () { status.textContent = text.failed; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(null);
  });
})();
