// nbrun --watch: the status bar of a served report. It listens to the
// server's event stream (/_nbrun/events), shows which cell runs and how far
// it is, and loads the page again when a run ends. Only the server adds it
// to the pages it serves; reports on disk carry no script.
(() => {
  const served = Number(document.currentScript.dataset.finishedRuns);
  const bar = document.createElement("div");
  bar.id = "nbrun-live";
  bar.setAttribute("role", "status");
  const text = document.createElement("span");
  text.id = "nbrun-live-text";
  const meter = document.createElement("progress");
  meter.max = 1;
  meter.hidden = true;
  bar.append(text, meter);
  document.body.prepend(bar);

  function describe(state) {
    const changed = state.changedDuringRun ? " (changed: runs again when this run ends)" : "";
    switch (state.phase) {
      case "starting":
        return `First run of ${state.notebook}…`;
      case "compiling":
        return `Compiling ${state.notebook}…${changed}`;
      case "running": {
        const where = state.cell ? `${state.cell} (line ${state.cellLine})` : state.notebook;
        const progress = state.progress ? `: ${state.progress}` : "";
        return `Running ${where}${progress}${changed}`;
      }
      default:
        if (state.lastOutcome === "succeeded") return `Up to date: ran clean; watching ${state.notebook}`;
        return `Last run ${state.lastOutcome === "not run" ? "did not start" : "failed"}: ` +
          `${state.failure ?? "see the report"}; watching ${state.notebook}`;
    }
  }

  function show(state) {
    bar.dataset.phase = state.phase;
    bar.dataset.outcome = state.lastOutcome ?? "";
    text.textContent = describe(state);
    meter.hidden = state.phase !== "running" || state.fraction == null;
    if (state.fraction != null) meter.value = state.fraction;
  }

  const events = new EventSource("/_nbrun/events");
  events.addEventListener("status", (event) => {
    const state = JSON.parse(event.data);
    // A run ended between reading this page and connecting: it is stale.
    if (state.finishedRuns !== served) return location.reload();
    show(state);
  });
  events.addEventListener("reload", () => {
    events.close();
    location.reload();
  });
  events.addEventListener("error", () => {
    if (events.readyState === EventSource.CLOSED || events.readyState === EventSource.CONNECTING) {
      bar.dataset.phase = "stopped";
      text.textContent = "nbrun --watch is not running: this page no longer updates";
      meter.hidden = true;
    }
  });
})();
