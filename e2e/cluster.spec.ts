import { expect, test } from '@playwright/test';
import { ClusterPage } from './pages/cluster-page';

// The demo runs the built-in cluster: master241 / worker242 / worker243, VXLAN on 8472/udp.
const NODES = [
  { name: 'master241', ip: '192.168.1.241', cidr: '10.100.0.0/24' },
  { name: 'worker242', ip: '192.168.1.242', cidr: '10.100.1.0/24' },
  { name: 'worker243', ip: '192.168.1.243', cidr: '10.100.2.0/24' },
];

test.describe('cluster view', () => {
  test('shows the three nodes with their pod CIDRs and agent / Hubble status', async ({ page }) => {
    const cluster = new ClusterPage(page);
    await cluster.goto();
    await expect(cluster.health).toHaveText('ok');
    await expect(cluster.components).toContainText('cilium-operator');
    await expect(cluster.nodeRows).toHaveCount(3);
    for (const n of NODES) {
      const row = cluster.node(n.name);
      await expect(row).toContainText(n.ip);
      await expect(row).toContainText(n.cidr);
      await expect(row).toContainText('Ok');
      await expect(row).toContainText('connected');
      await expect(row).toContainText(/[\d,]+ \/ [\d,]+ flows/);
      await expect(row.getByTestId('buffer-span')).toContainText(/\d.* (s|min|h)/);
    }
    await expect(cluster.problems).toHaveCount(0);
  });

  test('draws VXLAN tunnels between the nodes and lists the tunnel table', async ({ page }) => {
    const cluster = new ClusterPage(page);
    await cluster.goto();
    await expect(cluster.tunnelMap).toBeVisible();
    await expect(cluster.tunnelLinks).toHaveCount(3);
    for (const link of await cluster.tunnelLinks.all())
      await expect(link).toContainText('VXLAN 8472/udp');
    await expect(cluster.tunnelRows).toHaveCount(3);
    for (const n of NODES) {
      const row = cluster.tunnelRow(n.cidr);
      await expect(row).toContainText(n.ip);
      await expect(row).toContainText('VXLAN 8472/udp');
    }
    // The simulator sends cross-node traffic through the overlay: some pair carries flows.
    await expect(cluster.overlay.locator('tbody tr').first()).toContainText(/worker|master/);
    await expect(cluster.overlay).toContainText(/[1-9][\d,]* flows/);
  });
});
