// The Print button of a worksheet. hooks/render.py writes it hidden, so that a
// reader without JavaScript is not shown a button that does nothing.
document$.subscribe(function () {
  document.querySelectorAll("[data-guide-print]").forEach(function (button) {
    button.hidden = false
  })
})

document.addEventListener("click", function (event) {
  if (event.target instanceof Element && event.target.closest("[data-guide-print]")) window.print()
})
