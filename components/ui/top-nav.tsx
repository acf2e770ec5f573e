'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { ThemeToggle } from './theme-toggle';

const LINKS = [
  { href: '/', label: 'Home' },
  { href: '/flows', label: 'Flows' },
  { href: '/graph', label: 'Graph' },
  { href: '/metrics', label: 'Metrics' },
  { href: '/cluster', label: 'Cluster' },
] as const;

/** The app bar: product name, page links (current one marked) and the theme switch. */
export function TopNav() {
  const pathname = usePathname();
  return (
    <header className="topnav">
      <Link href="/" className="brand">
        Flowscope
      </Link>
      <nav aria-label="Main">
        <ul className="topnav-links">
          {LINKS.map(link => {
            const current = link.href === '/' ? pathname === '/' : pathname.startsWith(link.href);
            return (
              <li key={link.href}>
                <Link href={link.href} aria-current={current ? 'page' : undefined}>
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="topnav-end">
        <ThemeToggle />
      </div>
    </header>
  );
}
