/**
 * Next.js start-up hook (runs once per server process, before requests are served). Validates the
 * configuration (exit 1 with every problem listed) and starts the flow hub, so Relay backfill begins
 * before the first page load. Node runtime only: the hub uses gRPC and node:* modules.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startFromEnv } = await import('@/lib/server/startup');
  startFromEnv(process.env);
}
