/* Link menus (link_menu.py, <details>): closed once a link in them is followed, by a click elsewhere, or by Escape,
   like a menu. */
(function () {
  function closeAll(except) {
    document.querySelectorAll("details.marsad-menu[open]").forEach(function (d) {
      if (d !== except) { d.removeAttribute("open"); }
    });
  }
  document.addEventListener("click", function (event) {
    var menu = event.target.closest ? event.target.closest("details.marsad-menu") : null;
    if (menu && event.target.closest(".marsad-menu-items a")) {
      setTimeout(function () { menu.removeAttribute("open"); }, 0);
    }
    closeAll(menu);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var open = document.querySelector("details.marsad-menu[open]");
      if (open) { open.removeAttribute("open"); open.querySelector("summary").focus(); }
    }
  });
})();
