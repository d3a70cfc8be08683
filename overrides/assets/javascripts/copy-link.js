// Copy a link to paste into a newsletter: the tip's "Copy link" button copies the
// page's address, the ¶ after a heading the address of its section (its ids are the
// same in every language, e.g. #try-this-week). The address is absolute: the page's
// canonical URL (site_url), which instant navigation swaps in <head> with the page.
// The ¶ of the page title copies the page's address, since the title's id changes
// with the title. The labels come from extra.ui via partials/copy-link.html.
document$.subscribe(function () {
  var status = document.querySelector(".guide-copy-status")
  if (!status) return
  var button = document.querySelector(".guide-copy-link")
  if (button) button.hidden = false
  document.querySelectorAll("article .headerlink").forEach(function (link) {
    var heading = link.parentElement.textContent.replace(/¶\s*$/, "").trim()
    link.title = status.dataset.sectionLabel
    link.setAttribute("aria-label", status.dataset.sectionLabel + ": " + heading)
  })
})

document.addEventListener("click", function (event) {
  var control = event.target instanceof Element && event.target.closest(".guide-copy-link, article .headerlink")
  var status = document.querySelector(".guide-copy-status")
  if (!control || !status) return
  var canonical = document.head.querySelector('link[rel="canonical"]')
  var url = new URL(canonical ? canonical.href : location.href)
  url.hash = control.matches(".headerlink") && control.parentElement.tagName !== "H1" ? control.hash : ""
  guideCopyText(url.href).then(
    function () { tell(status, status.dataset.copied) },
    function () { tell(status, url.href) } // the reader can still copy it by hand
  )
})

// Also used by worksheets.js ("copy answers as text"), which is loaded after this file.
function guideCopyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text)
  // Without a secure context (http on another host than localhost) the Clipboard API is missing.
  return new Promise(function (resolve, reject) {
    var field = document.createElement("textarea")
    field.value = text
    field.setAttribute("readonly", "")
    field.style.position = "fixed"
    field.style.opacity = "0"
    document.body.appendChild(field)
    field.select()
    var copied = document.execCommand("copy")
    field.remove()
    copied ? resolve() : reject()
  })
}

// The status line is a live region for screen readers; Material's dialog shows the same
// words on screen, as it does after copying code.
function tell(status, message) {
  status.textContent = ""
  setTimeout(function () { status.textContent = message }, 50)
  if (window.alert$) window.alert$.next(message)
}
