// Task lists the reader can tick: "Try this week" and the VIVA! and practice
// checklists. The ticks stay in this browser (localStorage) and nowhere else,
// one entry per page and language: the key is the page's path, which starts
// with the language. An item is known by its text, so a list that gains an
// item keeps the reader's ticks. Without JavaScript the lists stay as Material
// renders them, boxes without ticks. On paper the boxes print empty unless the
// reader chose to print the ticks (the class guide-print-ticks, print.css).
(function () {
  var PRINT_TICKS = "guide.checklists.print-ticks"

  // What the storage holds is checked, never trusted: another version of this script, an
  // extension or the reader may have left anything there. Whatever is not what `valid` expects
  // is dropped, and the page starts from no ticks.
  function load(key, valid) {
    var stored = null
    try {
      stored = localStorage.getItem(key)
    } catch (error) {
      return null // storage is off
    }
    if (stored === null) return null
    var value
    try {
      value = JSON.parse(stored)
    } catch (error) {
      value = undefined // not JSON: dropped below
    }
    if (!valid(value)) {
      save(key, null)
      return null
    }
    return value
  }

  function isTexts(value) {
    return Array.isArray(value) && value.every(function (item) { return typeof item === "string" })
  }

  function isTrue(value) {
    return value === true
  }

  function save(key, value) {
    try {
      if (value === null) localStorage.removeItem(key)
      else localStorage.setItem(key, JSON.stringify(value))
    } catch (error) {
      // storage may be off: the ticks then last as long as the page
    }
  }

  function pageKey() {
    return "guide.checklist:" + location.pathname
  }

  function itemText(box) {
    return box.closest("li").textContent.trim()
  }

  function boxes(root) {
    return Array.prototype.slice.call(root.querySelectorAll(".task-list-item > .task-list-control > input[type=checkbox]"))
  }

  function saveTicks() {
    var ticked = boxes(document).filter(function (box) { return box.checked }).map(itemText)
    save(pageKey(), ticked.length ? ticked : null)
  }

  function printTicks(on) {
    document.documentElement.classList.toggle("guide-print-ticks", on)
    document.querySelectorAll(".guide-checklist-print-ticks").forEach(function (toggle) {
      toggle.checked = on
    })
  }

  document$.subscribe(function () {
    var template = document.getElementById("guide-checklist-controls")
    var ticked = load(pageKey(), isTexts) || []
    document.querySelectorAll("article ul.task-list").forEach(function (list) {
      if (list.parentElement.closest("ul.task-list")) return // a nested list shares its parent's controls
      boxes(list).forEach(function (box) {
        box.disabled = false
        box.checked = ticked.indexOf(itemText(box)) !== -1
        box.setAttribute("aria-label", itemText(box))
      })
      if (template && !(list.nextElementSibling && list.nextElementSibling.matches(".guide-checklist-controls")))
        list.after(template.content.cloneNode(true))
    })
    printTicks(load(PRINT_TICKS, isTrue) === true)
  })

  document.addEventListener("change", function (event) {
    var target = event.target
    if (!(target instanceof HTMLInputElement)) return
    if (target.matches(".guide-checklist-print-ticks")) {
      save(PRINT_TICKS, target.checked || null)
      printTicks(target.checked)
    } else if (target.closest(".task-list-item > .task-list-control")) {
      saveTicks()
    }
  })

  document.addEventListener("click", function (event) {
    var clear = event.target instanceof Element && event.target.closest(".guide-checklist-clear")
    if (!clear) return
    boxes(clear.parentElement.previousElementSibling).forEach(function (box) {
      box.checked = false
    })
    saveTicks()
  })
})()
