// Applies the theme saved by the toggle before first paint (loaded synchronously from <head>), so a
// dark-mode user never sees a white flash. Without a saved choice the CSS follows
// prefers-color-scheme. A file, not an inline script: the app has no dangerouslySetInnerHTML at all.
(function () {
  try {
    var theme = window.localStorage.getItem('flowscope-theme');
    if (theme === 'dark' || theme === 'light') {
      document.documentElement.setAttribute('data-theme', theme);
    }
  } catch {
    // Storage disabled (privacy mode): fall back to prefers-color-scheme.
  }
})();
