import { describe, expect, it } from 'vitest';
import { dropClass, dropGroup, isPolicyDrop } from './drop-classes';
import { dropBetween, flowBetween, pod, reserved } from './testing/flow-builders';
import { sampleRecords } from './testing/samples';

const a = pod('ns', 'a-0');
const b = pod('ns', 'b-0');

describe('drop classification', () => {
  it('follows the drop-reasons.md classes and groups', () => {
    expect([dropClass(133), dropGroup(133), isPolicyDrop(133)]).toEqual([
      'actionable',
      'policy',
      true,
    ]);
    expect([dropClass(181), dropGroup(181)]).toEqual(['actionable', 'policy']);
    expect([dropClass(155), dropGroup(155)]).toEqual(['actionable', 'capacity']);
    expect([dropClass(140), dropGroup(140)]).toEqual(['transient', 'lifecycle']);
    expect([dropClass(158), dropGroup(158)]).toEqual(['actionable', 'lifecycle']);
    expect([dropClass(166), dropGroup(166)]).toEqual(['benign', 'noise']);
    expect([dropClass(199), dropGroup(199)]).toEqual(['benign', 'noise']);
    expect([dropClass(160), dropGroup(160)]).toEqual(['actionable', 'datapath']);
    expect(isPolicyDrop(151)).toBe(false);
  });

  it('treats unknown codes as actionable datapath drops', () => {
    expect([dropClass(250), dropGroup(250)]).toEqual(['actionable', 'datapath']);
  });

  it('refines 132, 137 and 168 from the flow', () => {
    const linkLocal = dropBetween(reserved('x', 0, { ip: 'fe80::1' }), b, 'INVALID_SOURCE_IP', 132);
    const spoofed = dropBetween(reserved('x', 0, { ip: '10.0.0.9' }), b, 'INVALID_SOURCE_IP', 132);
    expect([dropClass(132, linkLocal), dropGroup(132, linkLocal)]).toEqual(['benign', 'noise']);
    expect([dropClass(132, spoofed), dropGroup(132, spoofed)]).toEqual(['actionable', 'datapath']);
    expect(dropClass(137, flowBetween(a, b, { l4: 'VRRP' }))).toBe('benign');
    expect(dropClass(137, flowBetween(a, b, { l4: 'TCP' }))).toBe('actionable');
    expect(dropClass(168, flowBetween(a, b, { l4: 'ICMPv4', icmp: { type: 8, code: 0 } }))).toBe(
      'benign',
    );
    expect(dropClass(168, flowBetween(a, b, { l4: 'UDP' }))).toBe('actionable');
  });

  it('classifies the docs sample: link-local RouterSolicitation is noise, xwing is policy', () => {
    const [rs, xwing] = sampleRecords('2-drops');
    expect([dropClass(rs!.dropReasonCode, rs), dropGroup(rs!.dropReasonCode, rs)]).toEqual([
      'benign',
      'noise',
    ]);
    expect(dropGroup(xwing!.dropReasonCode, xwing)).toBe('policy');
  });
});
