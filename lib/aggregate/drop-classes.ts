/**
 * Drop reason triage, keyed by numeric drop code (shared/docs/drop-reasons.md): a class (benign noise,
 * transient during restarts and churn, actionable) and a triage group (policy, capacity, lifecycle,
 * noise, datapath). Codes the table lists as "benign / actionable" are refined from the flow where the
 * table says what decides it (link-local sources for 132, VRRP/IGMP for 137, ICMP for 168); codes we
 * do not know are actionable datapath drops, because a new reason deserves a look.
 */
import type { FlowRecord } from '@/lib/model/flow-record';
import type { DropClass, DropGroup } from '@/lib/model/flow-metrics';

const BENIGN = [
  0, 130, 131, 132, 134, 135, 137, 138, 139, 142, 143, 144, 145, 146, 148, 149, 152, 156, 162, 165,
  166, 168, 170, 173, 174, 176, 177, 186, 199, 200, 201, 205,
];
const TRANSIENT = [140, 151, 175, 178, 179, 189, 197, 202, 203, 207];

const GROUPS: Record<Exclude<DropGroup, 'datapath'>, number[]> = {
  policy: [133, 181, 189, 177, 174, 170],
  capacity: [155, 167, 162, 198],
  lifecycle: [140, 202, 203, 197, 151, 158],
  noise: [0, 130, 131, 132, 134, 135, 139, 143, 144, 145, 146, 166, 173, 176, 199, 200, 201, 205],
};

const CLASS_BY_CODE = new Map<number, DropClass>();
for (const c of BENIGN) CLASS_BY_CODE.set(c, 'benign');
for (const c of TRANSIENT) CLASS_BY_CODE.set(c, 'transient');

const GROUP_BY_CODE = new Map<number, DropGroup>();
for (const [group, codes] of Object.entries(GROUPS) as [DropGroup, number[]][]) {
  for (const c of codes) GROUP_BY_CODE.set(c, group);
}

/** Policy drop codes: denied by a rule, a deny rule, missing auth, LB source ranges, ... */
export function isPolicyDrop(code: number): boolean {
  return GROUP_BY_CODE.get(code) === 'policy';
}

function isLinkLocal(ip: string): boolean {
  return ip.toLowerCase().startsWith('fe80:') || ip.startsWith('169.254.');
}

/** Class of a drop; pass the flow to refine the codes whose class depends on the traffic. */
export function dropClass(code: number, flow?: FlowRecord): DropClass {
  if (flow !== undefined) {
    if (code === 132) return isLinkLocal(flow.src.ip) ? 'benign' : 'actionable';
    if (code === 137) return ['VRRP', 'IGMP', ''].includes(flow.l4) ? 'benign' : 'actionable';
    if (code === 168) return flow.icmp !== null ? 'benign' : 'actionable';
  }
  return CLASS_BY_CODE.get(code) ?? 'actionable';
}

/** Triage group of a drop (132 is noise only for link-local sources). */
export function dropGroup(code: number, flow?: FlowRecord): DropGroup {
  if (code === 132 && flow !== undefined && !isLinkLocal(flow.src.ip)) return 'datapath';
  return GROUP_BY_CODE.get(code) ?? 'datapath';
}
