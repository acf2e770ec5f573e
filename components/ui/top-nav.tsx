'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { ThemeToggle } from './theme-toggle';

/** Only pages that exist; later issues add Graph, Metrics and Status here. */
const LINKS = [
  { href: '/', label: 'Home' },
  { href: '/flows', label: 'Flows' },
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
