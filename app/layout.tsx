import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { TopNav } from '@/components/ui/top-nav';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Flowscope', template: '%s · Flowscope' },
  description: 'Live Cilium Hubble network flows, drops and cluster health.',
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // theme-init.js sets data-theme before hydration, hence the suppressed attribute mismatch.
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Synchronous on purpose: it must run before first paint to avoid a theme flash. */}
        <script src="/theme-init.js" />
      </head>
      <body>
        <Providers>
          <TopNav />
          <main className="main">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
