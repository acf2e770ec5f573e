'use client';

import { useLayoutEffect, useSyncExternalStore } from 'react';

type Theme = 'light' | 'dark';

/** Same key as public/theme-init.js, which applies it before first paint. */
const STORAGE_KEY = 'flowscope-theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

function storedTheme(): Theme | null {
  try {
    const t = window.localStorage.getItem(STORAGE_KEY);
    return t === 'dark' || t === 'light' ? t : null;
  } catch {
    return null;
  }
}

function currentTheme(): Theme {
  const attr = document.documentElement.getAttribute('data-theme');
  if (attr === 'dark' || attr === 'light') return attr;
  return window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(DARK_QUERY);
  media.addEventListener('change', onChange);
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => {
    media.removeEventListener('change', onChange);
    observer.disconnect();
  };
}

/** Switches between dark and light and remembers the choice; the OS setting is the default. */
export function ThemeToggle() {
  // null while server rendering: the server cannot know the theme, so the label starts neutral.
  const theme = useSyncExternalStore<Theme | null>(subscribe, currentTheme, () => null);

  // Strict Mode's dev remount resets <html> attributes set by theme-init.js; re-apply before paint.
  useLayoutEffect(() => {
    const saved = storedTheme();
    if (saved) document.documentElement.setAttribute('data-theme', saved);
  }, []);

  const handleClick = () => {
    const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
    document.documentElement.setAttribute('data-theme', next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted when storage is disabled; the switch still applies to this page.
    }
  };

  const label =
    theme === null
      ? 'Toggle colour theme'
      : `Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`;
  return (
    <button
      type="button"
      className="btn btn-ghost theme-toggle"
      onClick={handleClick}
      aria-label={label}
      title={label}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
    </button>
  );
}
