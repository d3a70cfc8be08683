// Keep the language switcher on the page being read. Instant navigation swaps
// the page's <link rel="alternate" hreflang> tags but not the header, so the
// switcher takes its links from the head after every navigation (same-origin
// paths, and the section being read: heading ids are the same in every
// language; a blog post not written in a language leads to that language's
// blog instead, hooks/blog.py). The reader's choice is remembered for the
// landing page at /.
document$.subscribe(function () {
  document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
    var lang = link.getAttribute("hreflang")
    var alternate = document.head.querySelector('link[rel="alternate"][hreflang="' + lang + '"]')
    var untranslated = document.head.querySelector('meta[name="guide:untranslated"][data-lang="' + lang + '"]')
    if (alternate) link.href = new URL(alternate.href).pathname + location.hash
    else if (untranslated) {
      var target = new URL(untranslated.content)
      link.href = target.pathname + target.hash
    }
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
