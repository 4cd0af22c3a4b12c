// Trunk initializer of the page's wasm (see index.html): reports the download on the boot
// screen that index.html shows before any wasm arrives, and says so if the app cannot start.
// The app removes the boot screen itself when it mounts (crates/tmo-web/src/main.rs).
export default function bootScreen() {
  const bar = () => document.getElementById('boot-progress');
  const note = () => document.getElementById('boot-note');
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  return {
    onProgress: ({ current, total }) => {
      const b = bar();
      if (b && total > 0) { b.max = total; b.value = current; }
      const n = note();
      if (n) n.textContent = total > 0
        ? `Loading the simulator: ${mb(current)} of ${mb(total)} MB`
        : `Loading the simulator: ${mb(current)} MB`;
    },
    onFailure: (error) => {
      const n = note();
      if (n) {
        n.textContent = `The simulator could not start (${error?.message ?? error}). Reload the page to try again.`;
        n.setAttribute('role', 'alert');
      }
      bar()?.remove();
    },
  };
}
