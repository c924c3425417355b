// Injected by BrowserTests into a copy of a report (the reports carry no
// script): after the page has loaded, lists what a reader would see as
// broken, as JSON in <pre id="nbrun-check">.
const problems = [];
window.addEventListener("error", (e) => {
  const target = e.target && e.target.getAttribute ? e.target.getAttribute("src") || e.target.getAttribute("href") : null;
  problems.push(target ? "cannot load " + target.slice(0, 100) : "error: " + e.message);
}, true);
for (const level of ["error", "warn"]) {
  const original = console[level];
  console[level] = (...args) => { problems.push("console." + level + ": " + args.join(" ")); original(...args); };
}
window.addEventListener("load", () => {
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) problems.push("missing image: " + img.getAttribute("src").slice(0, 100));
  }
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) {
    problems.push("the page scrolls sideways: " + document.documentElement.scrollWidth + " px in a " + width + " px window");
  }
  // Boxes made to scroll sideways (data tables, code, formulas), each with a sign that it
  // does; any other box must fit (the run record once scrolled, cut off on a phone).
  const mayScroll = "table.data, main table, pre, math, .failing-lines";
  for (const box of document.querySelectorAll("body *")) {
    const overflow = getComputedStyle(box).overflowX;
    if (["auto", "scroll"].includes(overflow) && box.scrollWidth > box.clientWidth + 1 && !box.matches(mayScroll)) {
      problems.push("<" + box.tagName.toLowerCase() + (box.className ? "." + box.className : "") + "> in <" + box.parentElement.tagName.toLowerCase() + (box.parentElement.className ? "." + box.parentElement.className : "") + "> scrolls sideways: " + box.scrollWidth + " px in " + box.clientWidth);
    }
  }
  // Past the window's edge is fine only inside a box that scrolls (a reader sees its scroll bar).
  const scrolls = (element) => {
    for (let box = element.parentElement; box; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  for (const element of document.querySelectorAll("body *")) {
    const right = element.getBoundingClientRect().right;
    if (right > width + 1 && !scrolls(element)) {
      problems.push("<" + element.tagName.toLowerCase() + (element.className ? "." + element.className : "") + "> ends at " + Math.round(right) + " px, past the window's " + width);
      break;
    }
  }
  const result = document.createElement("pre");
  result.id = "nbrun-check";
  result.textContent = JSON.stringify(problems);
  document.body.appendChild(result);
});
