// Worksheets the reader fills in (src/guide/worksheets.py writes the form). The answers
// stay in this browser (localStorage) and are sent nowhere, one entry per worksheet and
// language: the key is the page's path, which starts with the language. What is read back
// is checked: an answer whose field is gone or that is not of its field's kind is dropped.
// Paper shows copies of the answers (.ws-written, print.css), kept here; Print blank prints
// the sheet without them (.ws-blank), Save as PDF prints it with them for the browser's
// "Save as PDF", and Copy answers as text puts them on the clipboard for an e-mail.
// Without JavaScript the form is still there, and prints blank.
(function () {
  var MAX_LENGTH = 20000 // a longer answer is cut when saved, and dropped when read: a worksheet is no book

  function sheet() {
    var actions = document.querySelector("article .ws-actions[data-ws-copied]")
    return actions ? actions.closest("article") : null
  }

  function storageKey() {
    return "guide.worksheet:" + location.pathname
  }

  function fields(article) {
    return Array.prototype.slice.call(article.querySelectorAll("textarea.ws-input, input.ws-tick"))
  }

  function isText(field) {
    return field instanceof HTMLTextAreaElement
  }

  function stored(article) {
    var value
    try {
      value = JSON.parse(localStorage.getItem(storageKey()) || "null")
    } catch (error) {
      value = null
    }
    var answers = {}
    if (!value || typeof value !== "object" || Array.isArray(value)) return answers
    fields(article).forEach(function (field) {
      if (!Object.prototype.hasOwnProperty.call(value, field.id)) return
      var answer = value[field.id]
      if (isText(field) ? typeof answer === "string" && answer.length <= MAX_LENGTH : answer === true)
        answers[field.id] = answer
    })
    return answers
  }

  function save(article) {
    var answers = {}
    fields(article).forEach(function (field) {
      if (isText(field) ? field.value : field.checked) answers[field.id] = isText(field) ? field.value.slice(0, MAX_LENGTH) : true
    })
    try {
      if (Object.keys(answers).length) localStorage.setItem(storageKey(), JSON.stringify(answers))
      else localStorage.removeItem(storageKey())
    } catch (error) {
      // storage may be off or full: the answers then last as long as the page
    }
  }

  function copyToPaper(field) {
    var copy = field.nextElementSibling
    if (!copy || !copy.classList.contains("ws-written")) return
    copy.replaceChildren()
    if (field.value) {
      var text = document.createElement("span")
      text.textContent = field.value
      copy.append(text)
    }
  }

  function fill(article, answers) {
    fields(article).forEach(function (field) {
      if (isText(field)) {
        field.value = answers[field.id] || ""
        copyToPaper(field)
      } else {
        field.checked = answers[field.id] === true
      }
    })
  }

  function visibleText(element) {
    var copy = element.cloneNode(true)
    copy.querySelectorAll(".headerlink, input, .ws-box").forEach(function (part) { part.remove() })
    return copy.textContent.replace(/\s+/g, " ").trim()
  }

  // The answers as plain text: the title, then each heading, field, step and rating in order.
  function asText(article) {
    var lines = []
    article.querySelectorAll("h1, h2, .ws-field, .ws-steps li, .ws-rating tr").forEach(function (part) {
      if (part.matches("h1, h2")) {
        lines.push("", visibleText(part))
      } else if (part.matches(".ws-field")) {
        var answer = part.querySelector("textarea").value.trim()
        lines.push(visibleText(part.querySelector("label")) + ":", answer ? answer : "–")
      } else if (part.matches("li")) {
        lines.push((part.querySelector("input").checked ? "[x] " : "[ ] ") + visibleText(part))
      } else {
        var rated = part.querySelector("input:checked")
        lines.push(visibleText(part.querySelector("th")) + ": " + (rated ? rated.value + "/5" : "–"))
      }
    })
    return lines.join("\n").trim() + "\n"
  }

  function copyText(article) {
    var text = asText(article)
    var status = article.querySelector(".ws-status")
    var done = function () {
      status.textContent = article.querySelector(".ws-actions").getAttribute("data-ws-copied")
      setTimeout(function () { status.textContent = "" }, 4000)
    }
    guideCopyText(text).then(done, function () {})  // copy-link.js
  }

  function printBlank() {
    document.documentElement.classList.add("ws-blank")
    window.print() // the page as it is now goes to the printer: browsers wait, or copy the page first
    endBlank()
  }

  function endBlank() {
    document.documentElement.classList.remove("ws-blank")
  }

  document$.subscribe(function () {
    endBlank()
    var article = sheet()
    if (!article) return
    article.querySelectorAll("[data-ws-action], [data-ws-only]").forEach(function (element) {
      element.hidden = false
    })
    fill(article, stored(article))
  })

  function onEdit(event) {
    var field = event.target
    var article = sheet()
    if (!article || !(field instanceof Element) || !field.matches(".ws-input, .ws-tick") || !article.contains(field)) return
    if (isText(field)) copyToPaper(field)
    save(article)
  }

  document.addEventListener("input", onEdit)
  document.addEventListener("change", onEdit)

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-ws-action]")
    var article = sheet()
    if (!button || !article) return
    var action = button.getAttribute("data-ws-action")
    if (action === "save") {
      endBlank()
      window.print()
    } else if (action === "blank") {
      printBlank()
    } else if (action === "copy") {
      copyText(article)
    } else if (action === "clear") {
      fill(article, {})
      save(article)
    }
  })
})()
