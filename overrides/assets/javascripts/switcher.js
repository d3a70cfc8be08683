// Keep the language switcher on the page being read. Instant navigation swaps
// the page's <link rel="alternate" hreflang> tags but not the header, so the
// switcher takes its links from the head after every navigation (same-origin
// paths, and the section being read: heading ids are the same in every
// language). The reader's choice is remembered for the landing page at /.
document$.subscribe(function () {
  document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
    var lang = link.getAttribute("hreflang")
    var alternate = document.head.querySelector('link[rel="alternate"][hreflang="' + lang + '"]')
    if (alternate) link.href = new URL(alternate.href).pathname + location.hash
  })
})

document.addEventListener("click", function (event) {
  var link = event.target instanceof Element && event.target.closest(".md-select__link[hreflang]")
  if (!link) return
  try {
    localStorage.setItem("guide.language", link.getAttribute("hreflang"))
  } catch (error) {
    // storage may be off; the landing page then falls back to the browser's languages
  }
})
