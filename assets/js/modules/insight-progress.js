// Insight analysis progress: with JavaScript the bar moves in place (polling the run's progress)
// and the page reloads once when the run ends. Without it, the page's <noscript> meta refresh
// reloads it every few seconds and a "Refresh now" link is there too.
export function startInsightProgress(root = document) {
  for (const box of root.querySelectorAll('[data-module="app-insight-progress"]')) {
    const url = box.dataset.progressUrl;
    const bar = box.querySelector('progress');
    const text = box.querySelector('[data-progress-text]');
    const stage = box.querySelector('[data-progress-stage]');
    const poll = async () => {
      try {
        const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
        if (!response.ok) return void setTimeout(poll, 3000);
        const run = await response.json();
        if (run.status !== 'queued' && run.status !== 'running') return window.location.reload();
        if (bar) {
          bar.value = run.progress;
          bar.textContent = `${run.progress}%`;
        }
        if (text) text.textContent = `${run.progress}% done.`;
        if (stage && run.stage) stage.textContent = run.stage;
      } catch {
        // A dropped request is retried on the next tick.
      }
      setTimeout(poll, 1500);
    };
    setTimeout(poll, 1500);
  }
}
startInsightProgress();
