// Material's search worker, answered by Pagefind.
//
// Material's search box, results list and keys stay as they are; this worker
// speaks Material's worker protocol (SETUP, READY, QUERY, RESULT) and asks
// Pagefind, which stems Swedish, Finnish, Polish and English and fetches only
// the index fragments a query needs, from the bundle of the page's language
// (/pagefind/<lang>/). The page tells the worker its language in the worker's
// URL (?lang=fi).

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const MAX_RESULTS = 10
const MAX_SECTIONS = 3

const asked = new URL(self.location.href).searchParams.get("lang") || ""
const language = /^[a-z]{2,3}$/.test(asked) ? asked : "en"
// Pagefind picks its index by the page's <html lang>; a worker has no page.
self.document = { querySelector: () => ({ getAttribute: () => language }) }

let pagefind
let latest = 0

function load() {
  pagefind ??= import(new URL(`../../../pagefind/${language}/pagefind.js`, self.location.href).href)
    .then(async module => {
      await module.options({ excerptLength: 24 })
      return module
    })
  return pagefind
}

function escape(text) {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

function terms(query) {
  return Object.fromEntries(query.split(/\s+/).filter(Boolean).map(term => [term, true]))
}

async function search(query) {
  if (!query.trim()) return []
  const module = await load()
  const found = await module.search(query)
  const pages = await Promise.all(found.results.slice(0, MAX_RESULTS).map(result => result.data()))
  const matched = terms(query)
  return pages.map((page, rank) => {
    const score = MAX_RESULTS - rank
    const sections = page.sub_results
      .filter(section => section.url !== page.url && section.url.includes("#"))
      .slice(0, MAX_SECTIONS)
      .map((section, index) => ({
        location: section.url,
        title: escape(section.title),
        text: section.excerpt,
        score: index === 0 ? score : score - 1,
        terms: matched
      }))
    return [
      { location: page.url, title: escape(page.meta.title || page.url), text: page.excerpt, score, terms: matched },
      ...sections
    ]
  })
}

addEventListener("message", async ({ data: message }) => {
  if (message.type === SETUP) {
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    const ticket = ++latest
    let items = []
    try {
      items = await search(message.data)
    } catch (error) {
      console.warn("Search failed:", error)
    }
    if (ticket === latest) postMessage({ type: RESULT, data: { items } })
  }
})
