// Injected before the page loads (Playwright addInitScript) to make the page believe it runs
// inside the Wails desktop app: window.go.main.App calls go to the mock server, rejections are
// plain strings like Wails', and Import emits synthetic `import:progress` events.
// The argument is the mock scenario token.
(token) => {
  const listeners = new Map();
  const emit = (name, data) => (listeners.get(name) || []).slice().forEach((cb) => cb(data));
  async function call(method, args) {
    const res = await fetch('/api/' + method, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Trailbook-Token': token },
      body: JSON.stringify(args),
    });
    const text = await res.text();
    if (!res.ok) throw JSON.parse(text).error; // Wails rejects with the error string
    return text ? JSON.parse(text) : null;
  }
  function fakeProgress(p) {
    const files = p.files.length;
    const perFile = 400_000;
    let tick = 0;
    const timer = setInterval(() => {
      tick++;
      // the first file finishes after ~1 s, the second crawls
      const index = tick < 10 ? 0 : Math.min(1, files - 1);
      const bytes = index === 0 ? Math.min(perFile, tick * 40_000) : Math.min(perFile * 0.9, (tick - 10) * 9_000);
      emit('import:progress', {
        job_id: p.job_id,
        file: p.files[index].path,
        file_index: index,
        files,
        bytes,
        total_bytes: perFile,
        rows: Math.round(bytes / 140),
      });
      if (tick > 200) clearInterval(timer);
    }, 100);
    return () => clearInterval(timer);
  }
  window.runtime = {
    EventsOn(name, cb) {
      const list = listeners.get(name) || [];
      list.push(cb);
      listeners.set(name, list);
      return () => listeners.set(name, (listeners.get(name) || []).filter((x) => x !== cb));
    },
  };
  const App = new Proxy(
    {},
    {
      get: (_t, method) => (...args) => {
        if (method !== 'Import') return call(method, args);
        const stop = fakeProgress(args[0]);
        return call(method, args).finally(stop);
      },
    },
  );
  window.go = { main: { App } };
}
